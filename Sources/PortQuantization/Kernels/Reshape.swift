import PortIR

/// Reshape to a static shape: the values are unchanged (no arithmetic).
enum ReshapeIntegerKernel: IntegerKernel {
  static let opTypes = ["Reshape"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let shape = node.input(1), graph.initializers[shape] == nil { return "the shape is not a constant" }
    return QuantSupport.staticFloatRefusal(node, graph, inputs: [0])
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try QuantSupport.passThrough(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try QuantSupport.reshaped(step, inputs) }
}
