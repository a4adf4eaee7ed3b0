import Foundation
import PortIR
import PortTarget

enum ReduceProdKernel: ReferenceKernel {
  static let opType = "ReduceProd"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: 1, float: *, intStart: { _ in 1 }, int: { $0 &* $1 }))
  }
}
