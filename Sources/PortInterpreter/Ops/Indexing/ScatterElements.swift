import PortIR
import PortTarget

enum ScatterElementsKernel: ReferenceKernel {
  static let opType = "ScatterElements"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let indices = try inputs.tensor(1, of: node)
    let updates = try inputs.tensor(2, of: node)
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: x.rank, node)
    guard indices.shape == updates.shape, indices.rank == x.rank else {
      throw node.failure("indices \(indices.shape) and updates \(updates.shape) must match, with the data's rank")
    }
    let strides = Indexing.strides(x.shape)
    let values = indices.int64s()
    let pairs = try TensorKernels.multiIndices(indices.shape).enumerated().map { position, index -> (data: Int, update: Int) in
      var target = index
      target[axis] = try TensorKernels.index(values[position], size: x.shape[axis], node)
      for d in 0..<x.rank where d != axis && target[d] >= x.shape[d] { throw node.failure("indices exceed the data's shape") }
      return (TensorKernels.linear(target, strides), position)
    }
    return [.tensor(try TensorKernels.scatter(x, updates, pairs, reduction: node.string("reduction", "none"), node))]
  }
}
