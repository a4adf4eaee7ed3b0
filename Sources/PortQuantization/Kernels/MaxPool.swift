import PortIR

/// MaxPool: the largest q of each window (the scale is monotonic); parameters unchanged.
enum MaxPoolIntegerKernel: IntegerKernel {
  static let opTypes = ["MaxPool"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    if node.int("storage_order", 0) != 0 { return "storage_order 1 is not supported" }
    return Pooling.refusal(node, graph)
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try Pooling.prepare(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    try Pooling.run(step, inputs, average: false)
  }
}
