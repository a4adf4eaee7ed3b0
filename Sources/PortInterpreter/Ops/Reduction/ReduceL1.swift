import Foundation
import PortIR
import PortTarget

enum ReduceL1Kernel: ReferenceKernel {
  static let opType = "ReduceL1"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: 0, float: { $0 + abs($1) }, intStart: { _ in 0 }, int: { $0 &+ ($1 < 0 ? 0 &- $1 : $1) }))
  }
}
