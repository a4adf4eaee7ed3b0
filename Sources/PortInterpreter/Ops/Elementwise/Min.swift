import Foundation
import PortIR
import PortTarget

enum MinKernel: ReferenceKernel {
  static let opType = "Min"
  /// Element-wise min of all inputs, broadcasting; NaN propagates.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    [
      .tensor(
        try ElementwiseKernels.fold(
          node, inputs, float: ElementwiseKernels.minimum, int: { Swift.min($0, $1) }, uint: { Swift.min($0, $1) }))
    ]
  }
}
