import PortIR
import PortTarget

enum TileKernel: ReferenceKernel {
  static let opType = "Tile"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let repeats = TensorKernels.ints(try inputs.tensor(1, of: node))
    guard repeats.count == x.rank, repeats.allSatisfy({ $0 >= 0 }) else {
      throw node.failure("repeats \(repeats) do not fit rank \(x.rank)")
    }
    let shape = zip(x.shape, repeats).map { $0 * $1 }
    let strides = Indexing.strides(x.shape)
    let indices = TensorKernels.mapIndices(shape) { index in
      var linear = 0
      for axis in 0..<x.rank { linear += (index[axis] % x.shape[axis]) * strides[axis] }
      return linear
    }
    return [.tensor(TensorKernels.take(x, indices, shape: shape))]
  }
}
