import Foundation
import PortIR
import PortTarget

enum SumKernel: ReferenceKernel {
  static let opType = "Sum"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    [.tensor(try ElementwiseKernels.fold(node, inputs, float: +, int: { $0 &+ $1 }, uint: { $0 &+ $1 }))]
  }
}
