import Foundation
import PortIR
import PortTarget

enum MeanKernel: ReferenceKernel {
  static let opType = "Mean"
  /// The sum (in Double, stored to the type after each step like the inputs) divided by the count.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let sum = try ElementwiseKernels.fold(node, inputs, float: +, int: { $0 &+ $1 }, uint: { $0 &+ $1 })
    let count = Double(inputs.count)
    return [.tensor(Tensor(sum.elementType, shape: sum.shape, doubles: sum.doubles().map { $0 / count }))]
  }
}
