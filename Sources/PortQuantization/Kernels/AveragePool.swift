import PortIR

/// AveragePool: the mean of (q − zero) over each window, rounded half away from zero (TFLite);
/// parameters unchanged.
enum AveragePoolIntegerKernel: IntegerKernel {
  static let opTypes = ["AveragePool"]
  static func refusal(for node: Node, in graph: Graph) -> String? { Pooling.refusal(node, graph) }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try Pooling.prepare(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    try Pooling.run(step, inputs, average: true)
  }
}
