import Foundation
import PortIR
import PortTarget

enum DivKernel: ReferenceKernel {
  static let opType = "Div"
  /// Integer division truncates toward zero like C; division by zero gives 0 (as NumPy does).
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    return [
      .tensor(
        try Elementwise.binary(
          a, b, float: /,
          int: { x, y in y == 0 ? 0 : x.dividedReportingOverflow(by: y).partialValue },
          uint: { x, y in y == 0 ? 0 : x / y }))
    ]
  }
}
