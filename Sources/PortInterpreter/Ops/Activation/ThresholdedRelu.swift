import Foundation
import PortIR
import PortTarget

enum ThresholdedReluKernel: ReferenceKernel {
  static let opType = "ThresholdedRelu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let alpha = Double(node.float("alpha", 1))
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x > alpha ? x : 0 }
  }
}
