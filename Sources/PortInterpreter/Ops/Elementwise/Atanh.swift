import Foundation
import PortIR
import PortTarget

enum AtanhKernel: ReferenceKernel {
  static let opType = "Atanh"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in atanh(x) }
  }
}
