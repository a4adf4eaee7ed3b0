import Foundation
import PortIR
import PortTarget

enum TanhKernel: ReferenceKernel {
  static let opType = "Tanh"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in tanh(x) }
  }
}
