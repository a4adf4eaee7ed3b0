import Foundation
import PortIR
import PortTarget

enum AtanKernel: ReferenceKernel {
  static let opType = "Atan"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in atan(x) }
  }
}
