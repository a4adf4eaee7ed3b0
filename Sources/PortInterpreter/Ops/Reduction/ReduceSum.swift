import Foundation
import PortIR
import PortTarget

enum ReduceSumKernel: ReferenceKernel {
  static let opType = "ReduceSum"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: 0, float: +, intStart: { _ in 0 }, int: { $0 &+ $1 }))
  }
}
