import PortIR
import PortTarget

enum ConvIntegerKernel: ReferenceKernel {
  static let opType = "ConvInteger"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let w = try inputs.tensor(1, of: node)
    let y = try QuantizedConvolution.integers(node, x, inputs.optionalTensor(2), w, inputs.optionalTensor(3))
    return [.tensor(Tensor(.int32, shape: y.shape, doubles: y.values))]
  }
}

/// The integer convolution ConvInteger and QLinearConv share: (x − x_zero) ⋆ (w − w_zero), exact in Double.
enum QuantizedConvolution {
  static func integers(_ node: Node, _ x: Tensor, _ xZero: Tensor?, _ w: Tensor, _ wZero: Tensor?) throws -> (
    values: [Double], shape: [Int]
  ) {
    let group = node.int("group", 1)
    guard x.rank >= 3, w.rank == x.rank, group > 0, x.shape[1] == w.shape[1] * group, w.shape[0] % group == 0 else {
      throw node.failure("X \(x.shape) and W \(w.shape) do not fit a convolution with group \(group)")
    }
    let xz = xZero?.doubles().first ?? 0
    let xs = x.doubles().map { $0 - xz }
    var ws = w.doubles()
    if let wZero {
      let zeros = wZero.doubles()
      let perFilter = ws.count / max(w.shape[0], 1)
      guard zeros.count == 1 || zeros.count == w.shape[0] else { throw node.failure("w_zero_point must be scalar or per filter") }
      for i in ws.indices { ws[i] -= zeros.count == 1 ? zeros[0] : zeros[i / perFilter] }
    }
    let kernel = node.ints("kernel_shape") ?? Array(w.shape.dropFirst(2))
    let g = try NNKernels.geometry(node, input: Array(x.shape.dropFirst(2)), kernel: kernel)
    let y = NNKernels.convolve(
      xs, batch: x.shape[0], channels: x.shape[1], ws, filters: w.shape[0], group: group, bias: nil, g)
    return (y, [x.shape[0], w.shape[0]] + g.output)
  }
}
