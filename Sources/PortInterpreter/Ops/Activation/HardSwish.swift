import Foundation
import PortIR
import PortTarget

enum HardSwishKernel: ReferenceKernel {
  static let opType = "HardSwish"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x * max(0, min(1, x / 6 + 0.5)) }
  }
}
