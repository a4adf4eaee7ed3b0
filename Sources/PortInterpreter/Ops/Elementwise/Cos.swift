import Foundation
import PortIR
import PortTarget

enum CosKernel: ReferenceKernel {
  static let opType = "Cos"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in cos(x) }
  }
}
