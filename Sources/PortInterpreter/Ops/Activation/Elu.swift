import Foundation
import PortIR
import PortTarget

enum EluKernel: ReferenceKernel {
  static let opType = "Elu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let alpha = Double(node.float("alpha", 1))
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x < 0 ? alpha * (exp(x) - 1) : x }
  }
}
