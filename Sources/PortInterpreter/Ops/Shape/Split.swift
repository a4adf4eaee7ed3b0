import PortIR
import PortTarget

enum SplitKernel: ReferenceKernel {
  static let opType = "Split"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: x.rank, node)
    let size = x.shape[axis]
    var sizes: [Int]
    if let split = inputs.optionalTensor(1) {
      sizes = TensorKernels.ints(split)
      guard sizes.reduce(0, +) == size, sizes.allSatisfy({ $0 >= 0 }) else {
        throw node.failure("split sizes \(sizes) do not add up to \(size)")
      }
    } else {
      // num_outputs parts of ceil(size / n), the last one smaller.
      let parts = node.int("num_outputs", node.outputs.count)
      guard parts > 0 else { throw node.failure("num_outputs must be positive") }
      let chunk = (size + parts - 1) / parts
      sizes = (0..<parts).map { max(0, min(chunk, size - chunk * $0)) }
    }
    var start = 0
    var outputs: [HostValue?] = []
    for length in sizes {
      outputs.append(.tensor(TensorKernels.slice(x, axis: axis, start: start, length: length)))
      start += length
    }
    return outputs
  }
}
