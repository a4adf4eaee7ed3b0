import PortIR

/// Scatter (deprecated in opset 11) is ScatterElements without a reduction.
enum Scatter: OpDefinition {
  static let opType = "Scatter"
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    result.opType = "ScatterElements"
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try ScatterElements.infer(&context)
  }
}
