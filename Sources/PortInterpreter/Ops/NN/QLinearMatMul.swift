import PortIR
import PortTarget

enum QLinearMatMulKernel: ReferenceKernel {
  static let opType = "QLinearMatMul"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let aScale = try inputs.tensor(1, of: node)
    let b = try inputs.tensor(3, of: node)
    let bScale = try inputs.tensor(4, of: node)
    let yScale = try inputs.tensor(6, of: node)
    let yZero = inputs.optionalTensor(7)
    let type = yZero?.elementType ?? a.elementType
    guard let range = type.integerRange else {
      throw node.failure("QLinearMatMul on \(type) is not implemented", code: .unsupported)
    }
    let (values, shape) = try QuantizedMatmul.integers(node, a, inputs.optionalTensor(2), b, inputs.optionalTensor(5))
    guard let sa = aScale.floats().first, let sb = bScale.floats().first, let sy = yScale.floats().first,
      aScale.count == 1, bScale.count == 1, yScale.count == 1
    else { throw node.failure("per-axis scales are not implemented", code: .unsupported) }
    let zero = yZero?.doubles().first ?? 0
    // The multiplier in the scales' precision, as numpy computes it.
    let multiplier = aScale.elementType == .float ? Double(sa * sb / sy) : Double(sa) * Double(sb) / Double(sy)
    let y = values.map { value -> Double in
      let q = (value * multiplier + zero).rounded(.toNearestOrEven)
      return Swift.min(Swift.max(q, Double(range.lowerBound)), Double(range.upperBound))
    }
    return [.tensor(Tensor(type, shape: shape, doubles: y))]
  }
}
