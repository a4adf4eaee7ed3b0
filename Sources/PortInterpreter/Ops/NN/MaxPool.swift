import PortIR
import PortTarget

enum MaxPoolKernel: ReferenceKernel {
  static let opType = "MaxPool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let kernel = node.ints("kernel_shape"), x.rank == kernel.count + 2 else {
      throw node.failure("kernel_shape must name every spatial dim of X \(x.shape)")
    }
    let g = try NNKernels.geometry(node, input: Array(x.shape.dropFirst(2)), kernel: kernel)
    let columnMajor = node.int("storage_order", 0) == 1
    let (y, indices) = NNKernels.pool(x.doubles(), shape: x.shape, g, .max, columnMajor: columnMajor)
    let shape = Array(x.shape.prefix(2)) + g.output
    let wantsIndices = node.outputs.count > 1 && !node.outputs[1].isEmpty
    return [
      .tensor(Tensor(x.elementType, shape: shape, doubles: y)),
      wantsIndices ? .tensor(Tensor(.int64, shape: shape, int64s: indices)) : nil,
    ]
  }
}
