import Foundation
import PortIR
import PortTarget

enum SwishKernel: ReferenceKernel {
  static let opType = "Swish"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let alpha = Double(node.float("alpha", 1))
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x * ElementwiseKernels.sigmoid(alpha * x) }
  }
}
