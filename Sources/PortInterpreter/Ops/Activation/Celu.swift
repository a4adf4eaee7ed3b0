import Foundation
import PortIR
import PortTarget

enum CeluKernel: ReferenceKernel {
  static let opType = "Celu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let alpha = Double(node.float("alpha", 1))
    return try ElementwiseKernels.floatUnary(node, inputs) { x in max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) }
  }
}
