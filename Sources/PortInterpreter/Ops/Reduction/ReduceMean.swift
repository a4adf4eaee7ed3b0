import Foundation
import PortIR
import PortTarget

enum ReduceMeanKernel: ReferenceKernel {
  static let opType = "ReduceMean"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try TensorReduction.run(node, inputs, TensorReduction.Rule(floatStart: 0, float: +, floatFinish: { $1 == 0 ? .nan : $0 / Double($1) }, intStart: { _ in 0 }, int: { $0 &+ $1 }, intFinish: { $1 == 0 ? 0 : $0 / Int64($1) }))
  }
}
