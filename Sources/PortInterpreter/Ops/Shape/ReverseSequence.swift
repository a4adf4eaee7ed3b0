import PortIR
import PortTarget

enum ReverseSequenceKernel: ReferenceKernel {
  static let opType = "ReverseSequence"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let lengths = TensorKernels.ints(try inputs.tensor(1, of: node))
    let batchAxis = node.int("batch_axis", 1)
    let timeAxis = node.int("time_axis", 0)
    guard x.rank >= 2, Set([batchAxis, timeAxis]) == Set([0, 1]), lengths.count == x.shape[batchAxis] else {
      throw node.failure("batch_axis and time_axis must be 0 and 1, with one length per batch entry")
    }
    let strides = Indexing.strides(x.shape)
    let indices = TensorKernels.mapIndices(x.shape) { index -> Int in
      var source = index
      let length = min(max(lengths[index[batchAxis]], 0), x.shape[timeAxis])
      if index[timeAxis] < length { source[timeAxis] = length - 1 - index[timeAxis] }
      return TensorKernels.linear(source, strides)
    }
    return [.tensor(TensorKernels.take(x, indices, shape: x.shape))]
  }
}
