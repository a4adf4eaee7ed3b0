import Foundation
import PortIR
import PortTarget

enum CoshKernel: ReferenceKernel {
  static let opType = "Cosh"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in cosh(x) }
  }
}
