import PortIR

/// MatMul by a constant matrix (a fully connected layer over the last axis of A).
enum MatMulIntegerKernel: IntegerKernel {
  static let opTypes = ["MatMul"]

  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph, inputs: [0]) { return reason }
    guard let b = node.input(1), let weights = graph.initializers[b], weights.rank == 2,
      weights.elementType.isFloatingPoint
    else { return "only MatMul by a constant matrix runs in integers" }
    guard let a = QuantSupport.floatShape(node.inputs[0], graph), a.count >= 2 else { return "A must have rank ≥ 2" }
    return nil
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    guard let b = node.input(1) else { throw node.failure("B is required") }
    return try Dense.prepare(node, &context, kernel: name, weights: b, transposed: false, bias: nil)
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try Dense.run(step, inputs) }
}
