import PortIR

/// Squeeze: the values are unchanged (no arithmetic).
enum SqueezeIntegerKernel: IntegerKernel {
  static let opTypes = ["Squeeze"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let axes = node.input(1), graph.initializers[axes] == nil { return "axes are not a constant" }
    return QuantSupport.staticFloatRefusal(node, graph, inputs: [0])
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try QuantSupport.passThrough(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try QuantSupport.reshaped(step, inputs) }
}
