import Foundation
import PortIR
import PortTarget

enum LogKernel: ReferenceKernel {
  static let opType = "Log"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in log(x) }
  }
}
