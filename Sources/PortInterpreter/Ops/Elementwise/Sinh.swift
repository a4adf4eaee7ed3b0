import Foundation
import PortIR
import PortTarget

enum SinhKernel: ReferenceKernel {
  static let opType = "Sinh"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in sinh(x) }
  }
}
