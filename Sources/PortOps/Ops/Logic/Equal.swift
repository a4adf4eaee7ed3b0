import PortIR

enum Equal: OpDefinition {
  static let opType = "Equal"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Opsets < 7 broadcast only with `broadcast=1` and `axis`; canonical is NumPy broadcasting.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    try LegacyBroadcast.canonicalize(node, &context)
  }

  static func infer(_ context: inout InferenceContext) throws {
    try ElementwiseOps.broadcasting(&context, TypeSets.numeric.union([.bool, .string]), resultType: .bool)
    if let value = ShapeArithmetic.equal(context) { context.setOutput(0, context.outputTypes[0], value: value) }
  }
}
