import Foundation
import PortIR

/// Helpers shared by the recurrent, attention, image, signal, detection and training kernels.
enum NNAdvKernels {
  /// Stores Double results in `type`: floating types round to nearest, integer types round half
  /// to even and saturate (like ONNX's saturate_cast).
  static func tensor(_ type: ElementType, _ shape: [Int], _ values: [Double]) -> Tensor {
    if type.isInteger, let range = type.integerRange {
      let low = Double(range.lowerBound)
      let high = Double(range.upperBound)
      let rounded = values.map { v -> Double in
        guard !v.isNaN else { return 0 }
        return min(max(v.rounded(.toNearestOrEven), low), high)
      }
      if type.isSignedInteger || type == .uint8 || type == .uint16 || type == .uint32 {
        return Tensor(type, shape: shape, int64s: rounded.map { Int64($0) })
      }
      return Tensor(type, shape: shape, uint64s: rounded.map { $0 >= 1.8e19 ? UInt64.max : UInt64($0) })
    }
    return Tensor(type, shape: shape, doubles: values)
  }

  /// Requires a floating-point tensor (the ops here compute in floating point).
  static func floating(_ tensor: Tensor, _ node: Node, _ what: String) throws -> [Double] {
    guard tensor.elementType.isFloatingPoint else {
      throw node.failure("\(what) must be a floating-point tensor, not \(tensor.elementType)")
    }
    return tensor.doubles()
  }

  /// Softmax of each row of `count` elements, in place; a row of all -inf yields NaN like NumPy.
  static func softmaxRows(_ values: inout [Double], rowLength: Int) {
    guard rowLength > 0 else { return }
    var start = 0
    while start < values.count {
      let end = start + rowLength
      var peak = -Double.infinity
      for i in start..<end where values[i] > peak || values[i].isNaN { peak = values[i].isNaN ? .nan : max(peak, values[i]) }
      var sum = 0.0
      for i in start..<end {
        values[i] = Foundation.exp(values[i] - peak)
        sum += values[i]
      }
      for i in start..<end { values[i] /= sum }
      start = end
    }
  }

  /// Row-major matrix product of an [m,k] and [k,n] slice.
  static func matmul(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, m: Int, k: Int, n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    let a0 = a.startIndex
    let b0 = b.startIndex
    for i in 0..<m {
      for p in 0..<k {
        let x = a[a0 + i * k + p]
        if x == 0 { continue }
        for j in 0..<n { out[i * n + j] += x * b[b0 + p * n + j] }
      }
    }
    return out
  }

  /// Permutes a row-major tensor's elements.
  static func transpose(_ values: [Double], _ shape: [Int], _ perm: [Int]) -> [Double] {
    let outShape = perm.map { shape[$0] }
    let inStrides = Indexing.strides(shape)
    let count = values.count
    var out = [Double](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: shape.count)
    for linear in 0..<count {
      var source = 0
      for axis in 0..<perm.count { source += index[axis] * inStrides[perm[axis]] }
      out[linear] = values[source]
      var axis = perm.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < outShape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return out
  }
}
