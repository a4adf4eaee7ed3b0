import Foundation
import PortIR
import PortTarget

enum ExpKernel: ReferenceKernel {
  static let opType = "Exp"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in exp(x) }
  }
}
