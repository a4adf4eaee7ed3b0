import PortIR

enum Reciprocal: OpDefinition {
  static let opType = "Reciprocal"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// Opsets < 6 carried `consumed_inputs`, which has no meaning here.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    ElementwiseOps.dropConsumedInputs(node)
  }

  static func infer(_ context: inout InferenceContext) throws {
    try ElementwiseOps.unary(&context, TypeSets.floats)
  }
}
