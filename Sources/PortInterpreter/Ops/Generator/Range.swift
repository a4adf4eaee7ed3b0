import Foundation
import PortIR
import PortTarget

enum RangeKernel: ReferenceKernel {
  static let opType = "Range"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let start = try inputs.tensor(0, of: node)
    let limit = try inputs.tensor(1, of: node)
    let delta = try inputs.tensor(2, of: node)
    let type = start.elementType
    if type.isFloatingPoint {
      guard let a = start.scalarDouble, let b = limit.scalarDouble, let d = delta.scalarDouble, d != 0 else {
        throw node.failure("start, limit and delta must be scalars, delta non-zero")
      }
      let steps = ceil((b - a) / d)
      guard steps.isFinite, steps < 1e15 else { throw node.failure("start, limit and delta give \(steps) elements") }
      let count = max(Int(steps), 0)
      let values = (0..<count).map { a + Double($0) * d }
      return [.tensor(Tensor(type, shape: [count], doubles: values))]
    }
    guard let a = start.scalarInt, let b = limit.scalarInt, let d = delta.scalarInt, d != 0 else {
      throw node.failure("start, limit and delta must be scalars, delta non-zero")
    }
    let (span, overflow) = b.subtractingReportingOverflow(a)
    guard !overflow else { throw node.failure("limit - start overflows") }
    let count = max(Int((span / d) + (span % d != 0 && (span > 0) == (d > 0) ? 1 : 0)), 0)
    return [.tensor(Tensor(type, shape: [count], int64s: (0..<count).map { a + Int64($0) * d }))]
  }
}
