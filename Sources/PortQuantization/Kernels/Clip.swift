import PortIR

/// Clip with constant bounds (ReLU6 and the like) alone: a clamp at the quantized bounds.
enum ClipIntegerKernel: IntegerKernel {
  static let opTypes = ["Clip"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph, inputs: [0]) { return reason }
    return QuantSupport.clipBounds(node, graph) == nil ? "bounds are not constants" : nil
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    guard let (lo, hi) = QuantSupport.clipBounds(node, context.graph) else { throw node.failure("bounds are not constants") }
    return try QuantSupport.clampStep(node, &context, kernel: name, lo: lo, hi: hi)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] { try QuantSupport.clamped(step, inputs) }
}
