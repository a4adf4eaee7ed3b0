import Foundation
import PortIR
import PortTarget

enum ReduceLogSumExpKernel: ReferenceKernel {
  static let opType = "ReduceLogSumExp"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    // log Σ exp(x), accumulated in Double (exact enough without the max shift for Double range).
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: 0, float: { $0 + exp($1) }, floatFinish: { value, _ in log(value) }))
  }
}
