import PortIR

/// Gemm as a fully connected layer: A [M, K] activations, B a constant (alpha folded into the int8
/// weights, beta into the int32 bias C).
enum GemmIntegerKernel: IntegerKernel {
  static let opTypes = ["Gemm"]

  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph, inputs: [0]) { return reason }
    guard let b = node.input(1), let weights = graph.initializers[b], weights.rank == 2,
      weights.elementType.isFloatingPoint
    else { return "B is not a float constant matrix" }
    if node.int("transA", 0) != 0 { return "transA is not supported" }
    guard let a = QuantSupport.floatShape(node.inputs[0], graph), a.count == 2 else { return "A must be a matrix" }
    if let c = node.input(2) {
      guard let bias = graph.initializers[c] else { return "C is not a constant" }
      let n = node.int("transB", 0) != 0 ? weights.shape[0] : weights.shape[1]
      guard bias.count == n || bias.count == 1, bias.shape.count <= 1 || bias.shape.first == 1 || bias.rank == 1 else {
        return "C \(bias.shape) is not a bias per output"
      }
    }
    return nil
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    guard let b = node.input(1) else { throw node.failure("B is required") }
    return try Dense.prepare(
      node, &context, kernel: name, weights: b, transposed: node.int("transB", 0) != 0, bias: node.input(2),
      alpha: Double(node.float("alpha", 1)), beta: Double(node.float("beta", 1)))
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try Dense.run(step, inputs) }
}
