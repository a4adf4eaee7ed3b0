import PortIR
import PortTarget

enum TensorScatterKernel: ReferenceKernel {
  static let opType = "TensorScatter"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let cache = try inputs.tensor(0, of: node)
    let update = try inputs.tensor(1, of: node)
    let axis = try TensorKernels.axis(node.int("axis", -2), rank: cache.rank, node)
    let circular = node.string("mode", "linear") == "circular"
    guard update.rank == cache.rank, axis > 0,
      (0..<cache.rank).allSatisfy({ $0 == axis ? update.shape[$0] <= cache.shape[$0] : update.shape[$0] == cache.shape[$0] })
    else { throw node.failure("update \(update.shape) does not fit cache \(cache.shape) on axis \(axis)") }
    let writes = inputs.optionalTensor(2).map(TensorKernels.ints) ?? Array(repeating: 0, count: cache.shape[0])
    guard writes.count == cache.shape[0] else { throw node.failure("one write index per batch entry is needed") }
    let maxLength = cache.shape[axis]
    let inner = cache.shape[(axis + 1)...].reduce(1, *)
    let cacheStrides = Indexing.strides(cache.shape)
    let updateStrides = Indexing.strides(update.shape)
    var pairs: [(data: Int, update: Int)] = []
    for prefix in TensorKernels.multiIndices(Array(cache.shape[..<axis])) {
      for step in 0..<update.shape[axis] {
        var position = writes[prefix[0]] + step
        if circular { position = ((position % maxLength) + maxLength) % maxLength }
        guard position >= 0, position < maxLength else { throw node.failure("write index \(position) is out of range") }
        let target = TensorKernels.linear(prefix + [position], Array(cacheStrides[...axis]))
        let source = TensorKernels.linear(prefix + [step], Array(updateStrides[...axis]))
        for e in 0..<inner { pairs.append((target + e, source + e)) }
      }
    }
    return [.tensor(try TensorKernels.scatter(cache, update, pairs, reduction: "none", node))]
  }
}
