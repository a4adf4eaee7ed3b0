import PortIR
import PortTarget

enum GatherElementsKernel: ReferenceKernel {
  static let opType = "GatherElements"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let indices = try inputs.tensor(1, of: node)
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: x.rank, node)
    guard indices.rank == x.rank else { throw node.failure("indices must have the data's rank") }
    let strides = Indexing.strides(x.shape)
    let values = indices.int64s()
    let linear = try TensorKernels.multiIndices(indices.shape).enumerated().map { position, index -> Int in
      var source = index
      source[axis] = try TensorKernels.index(values[position], size: x.shape[axis], node)
      for d in 0..<x.rank where d != axis && source[d] >= x.shape[d] { throw node.failure("indices exceed the data's shape") }
      return TensorKernels.linear(source, strides)
    }
    return [.tensor(TensorKernels.take(x, linear, shape: indices.shape))]
  }
}
