import Foundation
import PortIR
import PortTarget

enum SigmoidKernel: ReferenceKernel {
  static let opType = "Sigmoid"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in ElementwiseKernels.sigmoid(x) }
  }
}
