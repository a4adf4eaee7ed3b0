import PortIR
import PortTarget

enum ConvKernel: ReferenceKernel {
  static let opType = "Conv"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let w = try inputs.tensor(1, of: node)
    let bias = inputs.optionalTensor(2)
    let group = node.int("group", 1)
    guard x.rank >= 3, w.rank == x.rank, group > 0, x.shape[1] == w.shape[1] * group, w.shape[0] % group == 0 else {
      throw node.failure("X \(x.shape) and W \(w.shape) do not fit a convolution with group \(group)")
    }
    let kernel = node.ints("kernel_shape") ?? Array(w.shape.dropFirst(2))
    guard kernel == Array(w.shape.dropFirst(2)) else { throw node.failure("kernel_shape \(kernel) differs from W \(w.shape)") }
    let g = try NNKernels.geometry(node, input: Array(x.shape.dropFirst(2)), kernel: kernel)
    let y = NNKernels.convolve(
      x.doubles(), batch: x.shape[0], channels: x.shape[1], w.doubles(), filters: w.shape[0], group: group,
      bias: bias?.doubles(), g)
    return [.tensor(Tensor(x.elementType, shape: [x.shape[0], w.shape[0]] + g.output, doubles: y))]
  }
}
