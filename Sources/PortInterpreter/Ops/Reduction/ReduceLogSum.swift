import Foundation
import PortIR
import PortTarget

enum ReduceLogSumKernel: ReferenceKernel {
  static let opType = "ReduceLogSum"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: 0, float: +, floatFinish: { value, _ in log(value) }))
  }
}
