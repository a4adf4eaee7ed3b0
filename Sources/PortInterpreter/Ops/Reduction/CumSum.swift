import PortIR
import PortTarget

enum CumSumKernel: ReferenceKernel {
  static let opType = "CumSum"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try run(node, inputs, start: 0, float: +, int: { $0 &+ $1 })
  }

  /// CumSum and CumProd along the scalar `axis` input, optionally exclusive and/or reversed.
  static func run(
    _ node: Node, _ inputs: [HostValue?], start: Double, float: (Double, Double) -> Double, int: (Int64, Int64) -> Int64
  ) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let axisValue = try inputs.tensor(1, of: node).scalarInt else { throw node.failure("axis must be a scalar") }
    let axis = try TensorKernels.axis(Int(axisValue), rank: x.rank, node)
    let exclusive = node.int("exclusive", 0) != 0
    let reverse = node.int("reverse", 0) != 0
    let size = x.shape[axis]
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    func scan<T>(_ values: [T], _ initial: T, _ combine: (T, T) -> T) -> [T] {
      var result = values
      for o in 0..<outer {
        for i in 0..<inner {
          var running = initial
          let order = reverse ? Array((0..<size).reversed()) : Array(0..<size)
          for j in order {
            let at = (o * size + j) * inner + i
            if exclusive {
              result[at] = running
              running = combine(running, values[at])
            } else {
              running = combine(running, values[at])
              result[at] = running
            }
          }
        }
      }
      return result
    }
    if x.elementType.isFloatingPoint {
      return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: scan(x.doubles(), start, float)))]
    }
    guard x.elementType.isInteger else { throw node.failure("element type \(x.elementType) is not supported") }
    return [.tensor(Tensor(x.elementType, shape: x.shape, int64s: scan(x.int64s(), Int64(start), int)))]
  }
}
