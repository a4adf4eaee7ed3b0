import PortIR
import PortTarget

enum PadKernel: ReferenceKernel {
  static let opType = "Pad"
  static func refusal(for node: Node, in graph: Graph) -> String? {
    let mode = node.string("mode", "constant")
    return ["constant", "reflect", "edge", "wrap"].contains(mode) ? nil : "Pad mode '\(mode)' is not defined"
  }

  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let pads = TensorKernels.ints(try inputs.tensor(1, of: node))
    let axes = try (inputs.optionalTensor(3).map(TensorKernels.ints) ?? Array(0..<x.rank)).map {
      try TensorKernels.axis($0, rank: x.rank, node, "axes")
    }
    guard pads.count == 2 * axes.count else { throw node.failure("\(pads.count) pads for \(axes.count) axes") }
    var before = Array(repeating: 0, count: x.rank)
    var after = Array(repeating: 0, count: x.rank)
    for (i, axis) in axes.enumerated() {
      before[axis] = pads[i]
      after[axis] = pads[i + axes.count]
    }
    let shape = (0..<x.rank).map { x.shape[$0] + before[$0] + after[$0] }
    guard shape.allSatisfy({ $0 >= 0 }) else { throw node.failure("pads remove more than the input holds") }
    let mode = node.string("mode", "constant")
    let strides = Indexing.strides(x.shape)
    let source = ElementBuffer(x)
    var fill = ElementBuffer(type: x.elementType, count: 1)
    if let value = inputs.optionalTensor(2), value.count == 1 {
      guard value.elementType == x.elementType else { throw node.failure("constant_value has type \(value.elementType)") }
      fill = ElementBuffer(value)
    }
    var result = ElementBuffer(type: x.elementType, count: shape.reduce(1, *))
    try TensorKernels.forEachIndex(shape) { position, index in
      var linear = 0
      var inside = true
      for axis in 0..<x.rank {
        let size = x.shape[axis]
        var i = index[axis] - before[axis]
        if i < 0 || i >= size {
          switch mode {
          case "constant":
            inside = false
          case "edge":
            guard size > 0 else { throw node.failure("cannot edge-pad an empty axis") }
            i = min(max(i, 0), size - 1)
          case "wrap":
            guard size > 0 else { throw node.failure("cannot wrap-pad an empty axis") }
            i = ((i % size) + size) % size
          default:  // reflect, mirroring without repeating the edge
            guard size > 1 else { i = 0; break }
            let period = 2 * (size - 1)
            i = ((i % period) + period) % period
            if i >= size { i = period - i }
          }
        }
        if !inside { break }
        linear += i * strides[axis]
      }
      if inside { result.set(position, from: source, linear) } else { result.set(position, from: fill, 0) }
    }
    return [.tensor(result.tensor(shape: shape))]
  }
}
