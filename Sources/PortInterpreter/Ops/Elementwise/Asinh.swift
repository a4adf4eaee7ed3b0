import Foundation
import PortIR
import PortTarget

enum AsinhKernel: ReferenceKernel {
  static let opType = "Asinh"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in asinh(x) }
  }
}
