import Foundation
import PortIR

/// Log: libm's logf (oneDNN's log eltwise is approximate: log(1) is not 0).
enum LogLowering: CPUKernel {
  static let opType = "Log"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUSwiftKernels.unary(node, context) { x, y, count in
      for index in 0..<count { y[index] = logf(x[index]) }
    }
  }
}
