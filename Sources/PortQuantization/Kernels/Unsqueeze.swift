import PortIR

/// Unsqueeze: the values are unchanged (no arithmetic).
enum UnsqueezeIntegerKernel: IntegerKernel {
  static let opTypes = ["Unsqueeze"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let axes = node.input(1), graph.initializers[axes] == nil { return "axes are not a constant" }
    return QuantSupport.staticFloatRefusal(node, graph, inputs: [0])
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try QuantSupport.passThrough(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try QuantSupport.reshaped(step, inputs) }
}
