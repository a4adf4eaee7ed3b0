import PortIR
import PortTarget

enum SplitToSequenceKernel: ReferenceKernel {
  static let opType = "SplitToSequence"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: x.rank, node)
    let size = x.shape[axis]
    var parts: [Tensor] = []
    if let split = inputs.optionalTensor(1) {
      var lengths = TensorKernels.ints(split)
      if split.rank == 0 {
        // One length: chunks of it, the last one shorter.
        guard let chunk = lengths.first, chunk > 0 else { throw node.failure("split must be positive") }
        lengths = stride(from: 0, to: size, by: chunk).map { min(chunk, size - $0) }
      }
      guard lengths.reduce(0, +) == size, lengths.allSatisfy({ $0 >= 0 }) else {
        throw node.failure("split lengths \(lengths) do not add up to \(size)")
      }
      var start = 0
      for length in lengths {
        parts.append(TensorKernels.slice(x, axis: axis, start: start, length: length))
        start += length
      }
    } else {
      let keep = node.int("keepdims", 1) != 0
      for index in 0..<size {
        let part = TensorKernels.slice(x, axis: axis, start: index, length: 1)
        var shape = part.shape
        if !keep { shape.remove(at: axis) }
        parts.append(TensorKernels.reshaped(part, shape))
      }
    }
    return [.sequence(parts.map { .tensor($0) }, elementType: .tensor(x.elementType, nil))]
  }
}
