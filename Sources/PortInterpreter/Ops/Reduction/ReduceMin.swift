import Foundation
import PortIR
import PortTarget

enum ReduceMinKernel: ReferenceKernel {
  static let opType = "ReduceMin"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: .infinity, float: TensorReduction.minFloat, intStart: TensorReduction.highest, int: { min($0, $1) }))
  }
}
