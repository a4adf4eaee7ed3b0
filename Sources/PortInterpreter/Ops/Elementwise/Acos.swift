import Foundation
import PortIR
import PortTarget

enum AcosKernel: ReferenceKernel {
  static let opType = "Acos"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in acos(x) }
  }
}
