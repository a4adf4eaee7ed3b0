import Foundation
import PortIR
import PortTarget

enum SqrtKernel: ReferenceKernel {
  static let opType = "Sqrt"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x.squareRoot() }
  }
}
