import Foundation
import PortIR
import PortTarget

enum SoftsignKernel: ReferenceKernel {
  static let opType = "Softsign"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x / (1 + abs(x)) }
  }
}
