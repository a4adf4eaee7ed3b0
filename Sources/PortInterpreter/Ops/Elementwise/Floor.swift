import Foundation
import PortIR
import PortTarget

enum FloorKernel: ReferenceKernel {
  static let opType = "Floor"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return try ElementwiseKernels.floatUnary(node, inputs) { x in x.rounded(.down) }
  }
}
