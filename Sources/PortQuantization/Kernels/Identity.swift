import PortIR

/// Identity (and what legalization left of Dropout at inference): the values are unchanged.
enum IdentityIntegerKernel: IntegerKernel {
  static let opTypes = ["Identity"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    return QuantSupport.staticFloatRefusal(node, graph, inputs: [0])
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try QuantSupport.passThrough(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try QuantSupport.reshaped(step, inputs) }
}
