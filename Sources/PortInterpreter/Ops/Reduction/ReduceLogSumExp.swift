import Foundation
import PortIR
import PortTarget

enum ReduceLogSumExpKernel: ReferenceKernel {
  static let opType = "ReduceLogSumExp"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    // log Σ exp(x) accumulated as log-add-exp, so large inputs do not overflow.
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: -.infinity, float: logAddExp))
  }

  static func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    if a == b { return a + log(2.0) }
    return max(a, b) + log1p(exp(-abs(a - b)))
  }
}
