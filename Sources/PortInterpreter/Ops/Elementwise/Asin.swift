import Foundation
import PortIR
import PortTarget

enum AsinKernel: ReferenceKernel {
  static let opType = "Asin"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in asin(x) }
  }
}
