import Foundation
import PortIR
import PortTarget

enum SoftplusKernel: ReferenceKernel {
  static let opType = "Softplus"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in ElementwiseKernels.softplus(x) }
  }
}
