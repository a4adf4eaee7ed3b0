import PortIR
import PortTarget

enum AveragePoolKernel: ReferenceKernel {
  static let opType = "AveragePool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let kernel = node.ints("kernel_shape"), x.rank == kernel.count + 2 else {
      throw node.failure("kernel_shape must name every spatial dim of X \(x.shape)")
    }
    let g = try NNKernels.geometry(node, input: Array(x.shape.dropFirst(2)), kernel: kernel)
    let includePad = node.int("count_include_pad", 0) != 0
    let (y, _) = NNKernels.pool(x.doubles(), shape: x.shape, g, .average(includePad: includePad))
    return [.tensor(Tensor(x.elementType, shape: Array(x.shape.prefix(2)) + g.output, doubles: y))]
  }
}
