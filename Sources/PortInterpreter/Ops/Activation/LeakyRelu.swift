import Foundation
import PortIR
import PortTarget

enum LeakyReluKernel: ReferenceKernel {
  static let opType = "LeakyRelu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let alpha = Double(node.float("alpha", 0.01))
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x < 0 ? alpha * x : x }
  }
}
