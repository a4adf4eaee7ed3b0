import Foundation
import PortIR
import PortTarget

enum ModKernel: ReferenceKernel {
  static let opType = "Mod"
  /// fmod=0: the result takes the divisor's sign (Python's %); fmod=1: the dividend's (C's fmod).
  /// Floats always use fmod, and with fmod=0 NaN becomes 0 as the ONNX reference does.
  /// Integer modulo by zero gives 0.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    let cStyle = node.int("fmod", 0) == 1
    return [
      .tensor(
        try Elementwise.binary(
          a, b,
          float: { x, y in
            let r = fmod(x, y)
            if cStyle { return r }
            return r.isNaN ? 0 : r
          },
          int: { x, y in
            guard y != 0 else { return 0 }
            let r = x.remainderReportingOverflow(dividingBy: y).partialValue
            if cStyle || r == 0 || (r < 0) == (y < 0) { return r }
            return r &+ y
          },
          uint: { x, y in y == 0 ? 0 : x % y }))
    ]
  }
}
