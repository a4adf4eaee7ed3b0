import PortIR
import PortTarget

enum QLinearConvKernel: ReferenceKernel {
  static let opType = "QLinearConv"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let xScale = try inputs.tensor(1, of: node).floats()
    let w = try inputs.tensor(3, of: node)
    let wScale = try inputs.tensor(4, of: node).floats()
    let yScale = try inputs.tensor(6, of: node).floats()
    let yZero = inputs.optionalTensor(7)
    var (values, shape) = try QuantizedConvolution.integers(node, x, inputs.optionalTensor(2), w, inputs.optionalTensor(5))
    if let bias = inputs.optionalTensor(8)?.doubles() {
      let plane = shape.dropFirst(2).reduce(1, *)
      for i in values.indices { values[i] += bias[(i / plane) % shape[1]] }
    }
    guard let xs = xScale.first, let ys = yScale.first, wScale.count == 1 || wScale.count == shape[1] else {
      throw node.failure("scales must be scalars (w_scale may be per output channel)")
    }
    let type = yZero?.elementType ?? x.elementType
    guard let range = type.integerRange else { throw node.failure("output type \(type) is not an integer type") }
    let zero = yZero?.doubles().first ?? 0
    let plane = shape.dropFirst(2).reduce(1, *)
    // The multiplier in float32, as the scales are; the product in Double.
    let multipliers = wScale.map { Double(xs * $0 / ys) }
    let y = values.indices.map { i -> Double in
      let multiplier = multipliers.count == 1 ? multipliers[0] : multipliers[(i / plane) % shape[1]]
      let value = (values[i] * multiplier + zero).rounded(.toNearestOrEven)
      return Swift.min(Swift.max(value, Double(range.lowerBound)), Double(range.upperBound))
    }
    return [.tensor(Tensor(type, shape: shape, doubles: y))]
  }
}
