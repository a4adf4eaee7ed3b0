import Foundation
import PortIR
import PortTarget

enum SinKernel: ReferenceKernel {
  static let opType = "Sin"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in sin(x) }
  }
}
