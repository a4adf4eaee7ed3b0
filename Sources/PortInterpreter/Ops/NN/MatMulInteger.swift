import PortIR
import PortTarget

enum MatMulIntegerKernel: ReferenceKernel {
  static let opType = "MatMulInteger"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    let (y, shape) = try QuantizedMatmul.integers(node, a, inputs.optionalTensor(2), b, inputs.optionalTensor(3))
    return [.tensor(Tensor(.int32, shape: shape, doubles: y))]
  }
}

/// (a − a_zero) · (b − b_zero), exact in Double: a's zero point is per row (scalar or [M]), b's per column.
enum QuantizedMatmul {
  static func integers(_ node: Node, _ a: Tensor, _ aZero: Tensor?, _ b: Tensor, _ bZero: Tensor?) throws -> ([Double], [Int]) {
    var xs = a.doubles()
    var ys = b.doubles()
    if let zeros = aZero?.doubles(), !zeros.isEmpty {
      let cols = a.shape.last ?? 1
      let rows = a.rank >= 2 ? a.shape[a.rank - 2] : 1
      for i in xs.indices { xs[i] -= zeros.count == 1 ? zeros[0] : zeros[(i / cols) % rows] }
    }
    if let zeros = bZero?.doubles(), !zeros.isEmpty {
      let cols = b.shape.last ?? 1
      for i in ys.indices { ys[i] -= zeros.count == 1 ? zeros[0] : zeros[i % cols] }
    }
    return try NNKernels.batchedMatmul(xs, a.shape, ys, b.shape, node: node)
  }
}
