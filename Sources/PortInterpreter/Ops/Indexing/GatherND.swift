import PortIR
import PortTarget

enum GatherNDKernel: ReferenceKernel {
  static let opType = "GatherND"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let indices = try inputs.tensor(1, of: node)
    let batch = node.int("batch_dims", 0)
    guard indices.rank >= 1, let depth = indices.shape.last, batch + depth <= x.rank, batch < indices.rank,
      Array(x.shape[..<batch]) == Array(indices.shape[..<batch])
    else { throw node.failure("indices \(indices.shape) do not fit data \(x.shape) with batch_dims \(batch)") }
    let values = indices.int64s()
    let inner = x.shape[(batch + depth)...].reduce(1, *)
    let count = indices.shape.dropLast().reduce(1, *)
    // Tuples per batch entry; each batch entry addresses its own block of the data.
    let perBatch = indices.shape[batch..<(indices.rank - 1)].reduce(1, *)
    let blockStrides = Indexing.strides(Array(x.shape[batch...]))
    let batchBlock = x.shape[batch...].reduce(1, *)
    var linear: [Int] = []
    for t in 0..<count {
      var base = (t / max(perBatch, 1)) * batchBlock
      for k in 0..<depth {
        let i = try TensorKernels.index(values[t * depth + k], size: x.shape[batch + k], node)
        base += i * blockStrides[k]
      }
      linear.append(contentsOf: base..<(base + inner))
    }
    let shape = Array(indices.shape.dropLast()) + Array(x.shape[(batch + depth)...])
    return [.tensor(TensorKernels.take(x, linear, shape: shape))]
  }
}
