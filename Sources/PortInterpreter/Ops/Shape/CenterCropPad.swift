import PortIR
import PortTarget

enum CenterCropPadKernel: ReferenceKernel {
  static let opType = "CenterCropPad"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let sizes = TensorKernels.ints(try inputs.tensor(1, of: node))
    let axes = try (node.ints("axes") ?? Array(0..<x.rank)).map { try TensorKernels.axis($0, rank: x.rank, node, "axes") }
    guard sizes.count == axes.count, sizes.allSatisfy({ $0 >= 0 }) else {
      throw node.failure("needs one non-negative size per axis, got \(sizes) for \(axes.count) axes")
    }
    var shape = x.shape
    // Per axis, the offset of the output's first element in the input: crop takes the centre
    // (the extra element of an odd difference goes to the end), pad centres likewise.
    var offset = Array(repeating: 0, count: x.rank)
    for (i, axis) in axes.enumerated() {
      let difference = x.shape[axis] - sizes[i]
      offset[axis] = difference >= 0 ? difference / 2 : -((-difference) / 2)
      shape[axis] = sizes[i]
    }
    let strides = Indexing.strides(x.shape)
    let source = ElementBuffer(x)
    var result = ElementBuffer(type: x.elementType, count: shape.reduce(1, *))
    TensorKernels.forEachIndex(shape) { position, index in
      var linear = 0
      var inside = true
      for axis in 0..<x.rank {
        let i = index[axis] + offset[axis]
        if i < 0 || i >= x.shape[axis] { inside = false; break }
        linear += i * strides[axis]
      }
      if inside { result.set(position, from: source, linear) }
    }
    return [.tensor(result.tensor(shape: shape))]
  }
}
