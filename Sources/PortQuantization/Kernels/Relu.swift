import PortIR

/// ReLU alone (not fused into the node before it): a clamp at the quantized zero.
enum ReluIntegerKernel: IntegerKernel {
  static let opTypes = ["Relu"]
  static func refusal(for node: Node, in graph: Graph) -> String? { QuantSupport.staticFloatRefusal(node, graph) }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try QuantSupport.clampStep(node, &context, kernel: name, lo: 0, hi: .infinity)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try QuantSupport.clamped(step, inputs) }
}
