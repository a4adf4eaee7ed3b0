import Foundation
import PortIR

/// Erf: libm's float erf over a row-major buffer (oneDNN has no erf eltwise).
enum ErfLowering: CPUKernel {
  static let opType = "Erf"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUSwiftKernels.unary(node, context) { x, y, count in
      for index in 0..<count { y[index] = erff(x[index]) }
    }
  }
}
