import Foundation
import PortIR
import PortTarget

enum ReduceMaxKernel: ReferenceKernel {
  static let opType = "ReduceMax"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: -.infinity, float: TensorReduction.maxFloat, intStart: TensorReduction.lowest, int: { max($0, $1) }))
  }
}
