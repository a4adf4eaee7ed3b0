/// Row-major index arithmetic shared by the kernels.
public enum Indexing {
  /// Row-major strides of a shape (in elements).
  public static func strides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = running
      running *= shape[axis]
    }
    return strides
  }

  /// Normalizes a possibly negative axis; nil when out of range.
  public static func axis(_ axis: Int, rank: Int) -> Int? {
    let normalized = axis < 0 ? axis + rank : axis
    return normalized >= 0 && normalized < max(rank, 1) ? normalized : nil
  }

  /// For each element of a tensor of `outputShape`, the linear index of the element of a tensor of
  /// `inputShape` that NumPy broadcasting maps to it.
  public static func broadcastMap(from inputShape: [Int], to outputShape: [Int]) -> [Int] {
    let count = outputShape.reduce(1, *)
    if inputShape == outputShape { return Array(0..<count) }
    let rank = outputShape.count
    let padded = Array(repeating: 1, count: rank - inputShape.count) + inputShape
    let inputStrides = strides(padded).enumerated().map { padded[$0.offset] == 1 ? 0 : $0.element }
    var map = [Int](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: rank)
    var source = 0
    for linear in 0..<count {
      map[linear] = source
      // Advance the multi-index like an odometer, keeping `source` in step.
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        source += inputStrides[axis]
        if index[axis] < outputShape[axis] { break }
        source -= inputStrides[axis] * index[axis]
        index[axis] = 0
        axis -= 1
      }
    }
    return map
  }

  /// The multi-index of a linear index.
  public static func unravel(_ linear: Int, _ shape: [Int]) -> [Int] {
    var rest = linear
    var index = Array(repeating: 0, count: shape.count)
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
      index[axis] = rest % shape[axis]
      rest /= shape[axis]
    }
    return index
  }
}
