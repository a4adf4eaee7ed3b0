import Foundation
import PortIR
import PortTarget

enum ReduceL2Kernel: ReferenceKernel {
  static let opType = "ReduceL2"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: 0, float: { $0 + $1 * $1 }, floatFinish: { value, _ in value.squareRoot() }))
  }
}
