import Foundation
import PortIR
import PortTarget

enum MaxKernel: ReferenceKernel {
  static let opType = "Max"
  /// Element-wise max of all inputs, broadcasting; NaN propagates.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    [
      .tensor(
        try ElementwiseKernels.fold(
          node, inputs, float: ElementwiseKernels.maximum, int: { Swift.max($0, $1) }, uint: { Swift.max($0, $1) }))
    ]
  }
}
