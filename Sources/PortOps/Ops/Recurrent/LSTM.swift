import PortIR

/// LSTM-22 (layout attribute since 14); older versions differ only by opset 1's output_sequence.
enum LSTM: OpDefinition {
  static let opType = "LSTM"
  static let signature = OpSignature(inputs: 3...8, outputs: 0...3)
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    RecurrentOps.canonicalize(node)
  }
  static func infer(_ context: inout InferenceContext) throws {
    try RecurrentOps.infer(&context, outputs: 3)
  }
}
