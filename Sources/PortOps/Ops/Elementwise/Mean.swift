import PortIR

enum Mean: OpDefinition {
  static let opType = "Mean"
  static let signature = OpSignature(inputs: 1...OpSignature.variadic, outputs: 1...1)

  /// Opsets < 6 carried `consumed_inputs`; opsets < 8 required equal shapes, a special case of broadcasting.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    ElementwiseOps.dropConsumedInputs(node)
  }

  static func infer(_ context: inout InferenceContext) throws {
    try ElementwiseOps.broadcasting(&context, TypeSets.floats)
  }
}
