import Foundation
import PortIR
import PortTarget

enum BitShiftKernel: ReferenceKernel {
  static let opType = "BitShift"
  /// Unsigned shifts; shifting by the type's width or more gives 0.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    let direction = node.string("direction", "")
    guard direction == "LEFT" || direction == "RIGHT" else { throw node.failure("direction must be LEFT or RIGHT") }
    let width = UInt64(a.elementType.bitWidth)
    let left = direction == "LEFT"
    return [
      .tensor(
        try Elementwise.binary(
          a, b, float: { _, _ in .nan },
          int: { x, y in Int64(bitPattern: shift(UInt64(bitPattern: x), UInt64(bitPattern: y), left, width)) },
          uint: { x, y in shift(x, y, left, width) }))
    ]
  }

  static func shift(_ x: UInt64, _ y: UInt64, _ left: Bool, _ width: UInt64) -> UInt64 {
    guard y < width else { return 0 }
    return left ? x << y : x >> y
  }
}
