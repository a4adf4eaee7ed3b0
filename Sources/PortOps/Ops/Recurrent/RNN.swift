import PortIR

/// RNN-22 (layout attribute since 14); older versions differ only by opset 1's output_sequence.
enum RNN: OpDefinition {
  static let opType = "RNN"
  static let signature = OpSignature(inputs: 3...6, outputs: 0...2)
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    RecurrentOps.canonicalize(node)
  }
  static func infer(_ context: inout InferenceContext) throws {
    try RecurrentOps.infer(&context, outputs: 2)
  }
}
