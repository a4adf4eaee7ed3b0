import PortIR
import PortOps
import PortTarget

enum SliceKernel: ReferenceKernel {
  static let opType = "Slice"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let starts = TensorKernels.ints(try inputs.tensor(1, of: node))
    let ends = TensorKernels.ints(try inputs.tensor(2, of: node))
    let axes = try (inputs.optionalTensor(3).map(TensorKernels.ints) ?? Array(0..<starts.count)).map {
      try TensorKernels.axis($0, rank: x.rank, node, "axes")
    }
    let steps = inputs.optionalTensor(4).map(TensorKernels.ints) ?? Array(repeating: 1, count: starts.count)
    guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count, Set(axes).count == axes.count
    else { throw node.failure("starts, ends, axes and steps must have one entry per distinct axis") }
    var first = Array(repeating: 0, count: x.rank)
    var step = Array(repeating: 1, count: x.rank)
    var shape = x.shape
    for (i, axis) in axes.enumerated() {
      guard steps[i] != 0 else { throw node.failure("a step is 0") }
      let range = SliceBounds.range(start: starts[i], end: ends[i], step: steps[i], size: x.shape[axis])
      first[axis] = range.start
      step[axis] = steps[i]
      shape[axis] = range.count
    }
    let strides = Indexing.strides(x.shape)
    let indices = TensorKernels.mapIndices(shape) { index in
      var linear = 0
      for axis in 0..<x.rank { linear += (first[axis] + index[axis] * step[axis]) * strides[axis] }
      return linear
    }
    return [.tensor(TensorKernels.take(x, indices, shape: shape))]
  }
}

/// ONNX Slice clamping: negative bounds count from the end; for negative steps starts clamp to
/// [0, size-1] and ends to [-1, size-1].
enum SliceBounds {
  static func range(start: Int, end: Int, step: Int, size: Int) -> (start: Int, count: Int) {
    var s = start < 0 ? start + size : start
    var e = end < 0 ? end + size : end
    if step > 0 {
      s = min(max(s, 0), size)
      e = min(max(e, 0), size)
      return (s, e > s ? (e - s + step - 1) / step : 0)
    }
    s = min(max(s, -1), size - 1)
    e = min(max(e, -1), size - 1)
    return (s, s > e ? (s - e - step - 1) / -step : 0)
  }
}
