import Foundation
import PortIR

/// Softplus: ln(1 + e^x) with libm (oneDNN's soft_relu loses relative precision for x ≪ 0).
enum SoftplusLowering: CPUKernel {
  static let opType = "Softplus"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUSwiftKernels.unary(node, context) { x, y, count in
      for index in 0..<count {
        let v = x[index]
        y[index] = v > 20 ? v : log1pf(expf(v))
      }
    }
  }
}
