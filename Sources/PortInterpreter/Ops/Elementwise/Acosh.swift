import Foundation
import PortIR
import PortTarget

enum AcoshKernel: ReferenceKernel {
  static let opType = "Acosh"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in acosh(x) }
  }
}
