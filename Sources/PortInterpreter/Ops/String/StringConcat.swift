import Foundation
import PortIR
import PortTarget

enum StringConcatKernel: ReferenceKernel {
  static let opType = "StringConcat"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    let (shape, maps) = try ElementwiseKernels.broadcast(node, [a, b])
    let x = a.strings
    let y = b.strings
    return [.tensor(Tensor(strings: (0..<shape.reduce(1, *)).map { x[maps[0][$0]] + y[maps[1][$0]] }, shape: shape))]
  }
}
