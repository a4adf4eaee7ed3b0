import Foundation
import PortIR
import PortTarget

enum ReciprocalKernel: ReferenceKernel {
  static let opType = "Reciprocal"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in 1 / x }
  }
}
