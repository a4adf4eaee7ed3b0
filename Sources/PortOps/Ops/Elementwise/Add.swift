import PortIR

enum Add: OpDefinition {
  static let opType = "Add"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Opsets 1–6 broadcast only with `broadcast=1` and an `axis`; canonical Add broadcasts NumPy-style.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    try LegacyBroadcast.canonicalize(node, &context)
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric)
    let type = try context.broadcastType([0, 1])
    context.setOutput(0, type, value: ShapeArithmetic.apply(context, &+))
  }
}
