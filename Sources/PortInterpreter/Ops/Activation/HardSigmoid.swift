import Foundation
import PortIR
import PortTarget

enum HardSigmoidKernel: ReferenceKernel {
  static let opType = "HardSigmoid"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let alpha = Double(node.float("alpha", 0.2))
    let beta = Double(node.float("beta", 0.5))
    return try ElementwiseKernels.floatUnary(node, inputs) { x in max(0, min(1, alpha * x + beta)) }
  }
}
