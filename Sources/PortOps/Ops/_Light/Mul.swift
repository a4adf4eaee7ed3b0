import PortIR

// Stand-in for the light models until the owner's version lands; replace freely.
enum Mul: OpDefinition {
  static let opType = "Mul"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    try LegacyBroadcast.canonicalize(node, &context)
  }
  static func infer(_ context: inout InferenceContext) throws {
    context.setOutput(0, try context.broadcastType([0, 1]), value: ShapeArithmetic.apply(context, *))
  }
}
