import Foundation
import PortIR
import PortTarget

enum GeluKernel: ReferenceKernel {
  static let opType = "Gelu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let approximate = node.string("approximate", "none")
    guard approximate == "none" || approximate == "tanh" else { throw node.failure("approximate must be none or tanh") }
    let scale = (2 / Double.pi).squareRoot()
    return try ElementwiseKernels.floatUnary(node, inputs) { x in
      approximate == "tanh"
        ? 0.5 * x * (1 + tanh(scale * (x + 0.044715 * x * x * x)))
        : 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
    }
  }
}
