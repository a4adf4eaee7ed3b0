import Foundation
import PortIR
import PortTarget

enum MishKernel: ReferenceKernel {
  static let opType = "Mish"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x * tanh(ElementwiseKernels.softplus(x)) }
  }
}
