import PortIR

/// GlobalAveragePool: the mean of (q − zero) over each channel's plane, rounded half away from
/// zero; parameters unchanged.
enum GlobalAveragePoolIntegerKernel: IntegerKernel {
  static let opTypes = ["GlobalAveragePool"]
  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph) { return reason }
    guard let x = QuantSupport.floatShape(node.inputs[0], graph), x.count >= 3 else { return "input rank must be ≥ 3" }
    return nil
  }
  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    try QuantSupport.passThrough(node, &context, kernel: name)
  }
  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let x = try step.input(inputs, 0)
    let shape = try step.ints("shape")
    guard x.shape.count >= 3, shape.count == x.shape.count, Array(shape.prefix(2)) == Array(x.shape.prefix(2)) else {
      throw step.failure("input \(x.shape) does not fit the planned output \(shape)")
    }
    let planes = x.shape[0] * x.shape[1]
    let size = x.count / max(planes, 1)
    let zero = x.parameters.zeroPoint
    var y = [Int32](repeating: zero, count: planes)
    for plane in 0..<planes where size > 0 {
      var sum: Int32 = 0
      for i in 0..<size { sum &+= x.values[plane * size + i] &- zero }
      y[plane] = QuantSupport.roundedDivide(sum, Int32(size)) &+ zero
    }
    return [QTensor(shape: shape, values: y, parameters: x.parameters)]
  }
}
