import PortIR

/// Flatten: the values are unchanged (no arithmetic).
enum FlattenIntegerKernel: IntegerKernel {
  static let opTypes = ["Flatten"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    return QuantSupport.staticFloatRefusal(node, graph, inputs: [0])
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try QuantSupport.passThrough(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try QuantSupport.reshaped(step, inputs) }
}
