import PortIR
import PortTarget

enum ScatterNDKernel: ReferenceKernel {
  static let opType = "ScatterND"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let indices = try inputs.tensor(1, of: node)
    let updates = try inputs.tensor(2, of: node)
    guard indices.rank >= 1, let depth = indices.shape.last, depth <= x.rank else {
      throw node.failure("indices \(indices.shape) do not fit data \(x.shape)")
    }
    let expected = Array(indices.shape.dropLast()) + Array(x.shape[depth...])
    guard updates.shape == expected else { throw node.failure("updates have shape \(updates.shape), expected \(expected)") }
    let strides = Indexing.strides(x.shape)
    let inner = x.shape[depth...].reduce(1, *)
    let values = indices.int64s()
    var pairs: [(data: Int, update: Int)] = []
    for t in 0..<(indices.count / max(depth, 1)) {
      var base = 0
      for k in 0..<depth { base += try TensorKernels.index(values[t * depth + k], size: x.shape[k], node) * strides[k] }
      for e in 0..<inner { pairs.append((base + e, t * inner + e)) }
    }
    return [.tensor(try TensorKernels.scatter(x, updates, pairs, reduction: node.string("reduction", "none"), node))]
  }
}
