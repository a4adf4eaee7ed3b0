import Foundation
import PortIR
import PortTarget

enum TanKernel: ReferenceKernel {
  static let opType = "Tan"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in tan(x) }
  }
}
