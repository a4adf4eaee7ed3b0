import Foundation
import PortIR

/// Elements of any type, one per slot (sub-byte types unpacked, strings as strings), for kernels
/// that move elements without computing on them: gather, scatter, concat, transpose, pad, ….
public struct ElementBuffer {
  public let type: ElementType
  /// Bytes per element in `bytes` (sub-byte types take one byte each); 0 for strings.
  let width: Int
  var bytes: [UInt8]
  var strings: [String]

  public init(_ tensor: Tensor) {
    type = tensor.elementType
    if type == .string {
      width = 0
      bytes = []
      strings = tensor.strings
      return
    }
    strings = []
    let raw = [UInt8](tensor.bytes)
    if type.bitWidth % 8 == 0 {
      width = type.bitWidth / 8
      bytes = raw
    } else {
      width = 1
      let bits = type.bitWidth
      bytes = (0..<tensor.count).map { index in
        let bit = index * bits
        var word = UInt32(raw[bit / 8])
        if bit % 8 + bits > 8, bit / 8 + 1 < raw.count { word |= UInt32(raw[bit / 8 + 1]) << 8 }
        return UInt8((word >> UInt32(bit % 8)) & ((1 << UInt32(bits)) - 1))
      }
    }
  }

  /// `count` zero elements (empty strings) of `type`.
  public init(type: ElementType, count: Int) {
    self.init(Tensor.zeros(type, shape: [count]))
  }

  public var count: Int { width == 0 ? strings.count : bytes.count / width }

  /// The elements as a tensor of `shape`.
  public func tensor(shape: [Int]) -> Tensor {
    if type == .string { return Tensor(strings: strings, shape: shape) }
    if type.bitWidth % 8 == 0 { return Tensor(type, shape: shape, bytes: Data(bytes)) }
    let bits = type.bitWidth
    var packed = [UInt8](repeating: 0, count: type.byteCount(elements: count))
    for (index, value) in bytes.enumerated() {
      let bit = index * bits
      let word = UInt32(value) << UInt32(bit % 8)
      packed[bit / 8] |= UInt8(truncatingIfNeeded: word)
      if bit % 8 + bits > 8, bit / 8 + 1 < packed.count { packed[bit / 8 + 1] |= UInt8(truncatingIfNeeded: word >> 8) }
    }
    return Tensor(type, shape: shape, bytes: Data(packed))
  }

  /// Sets element `index` to element `source` of `other` (same type).
  public mutating func set(_ index: Int, from other: ElementBuffer, _ source: Int) {
    if width == 0 {
      strings[index] = other.strings[source]
      return
    }
    for byte in 0..<width { bytes[index * width + byte] = other.bytes[source * width + byte] }
  }

  /// The elements at `indices`, in order.
  public func gathered(_ indices: [Int]) -> ElementBuffer {
    var result = self
    if width == 0 {
      result.strings = indices.map { strings[$0] }
    } else if width == 1 {
      result.bytes = indices.map { bytes[$0] }
    } else if indices.allSatisfy({ $0 >= 0 && $0 < count }) {
      // Kernels validate indices; the check keeps the raw copy below within bounds regardless.
      var out = [UInt8](repeating: 0, count: indices.count * width)
      let width = self.width
      bytes.withUnsafeBytes { source in
        out.withUnsafeMutableBytes { target in
          guard let from = source.baseAddress, let to = target.baseAddress else { return }
          for (position, index) in indices.enumerated() {
            (to + position * width).copyMemory(from: from + index * width, byteCount: width)
          }
        }
      }
      result.bytes = out
    } else {
      result.bytes = indices.flatMap { index in bytes[(index * width)..<((index + 1) * width)] }
    }
    return result
  }

  /// This buffer followed by `other`'s elements.
  public mutating func append(contentsOf other: ElementBuffer) {
    bytes += other.bytes
    strings += other.strings
  }

  /// Whether elements `a` and `b` hold the same bits (strings: equal).
  public func same(_ a: Int, _ b: Int) -> Bool {
    if width == 0 { return strings[a] == strings[b] }
    for byte in 0..<width where bytes[a * width + byte] != bytes[b * width + byte] { return false }
    return true
  }
}

/// Helpers shared by the tensor, indexing, reduction, sequence and control-flow kernels.
public enum TensorKernels {
  /// The elements of `tensor` at the linear `indices`, as a tensor of `shape`.
  public static func take(_ tensor: Tensor, _ indices: [Int], shape: [Int]) -> Tensor {
    ElementBuffer(tensor).gathered(indices).tensor(shape: shape)
  }

  /// The same elements under another shape.
  public static func reshaped(_ tensor: Tensor, _ shape: [Int]) -> Tensor {
    var result = tensor
    result.shape = shape
    return result
  }

  /// For every element of a tensor of `shape`, its multi-index (row-major order).
  public static func multiIndices(_ shape: [Int]) -> [[Int]] {
    let count = shape.reduce(1, *)
    guard count > 0 else { return [] }
    var result: [[Int]] = []
    result.reserveCapacity(count)
    var index = Array(repeating: 0, count: shape.count)
    for _ in 0..<count {
      result.append(index)
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return result
  }

  /// Calls `body` with each element's position and multi-index of a tensor of `shape`, in
  /// row-major order, without materializing every index.
  public static func forEachIndex(_ shape: [Int], _ body: (Int, [Int]) throws -> Void) rethrows {
    let count = shape.reduce(1, *)
    guard count > 0 else { return }
    var index = Array(repeating: 0, count: shape.count)
    for position in 0..<count {
      try body(position, index)
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
  }

  /// `body` of each multi-index of a tensor of `shape`, in row-major order.
  public static func mapIndices<T>(_ shape: [Int], _ body: ([Int]) throws -> T) rethrows -> [T] {
    var result: [T] = []
    result.reserveCapacity(shape.reduce(1, *))
    try forEachIndex(shape) { _, index in result.append(try body(index)) }
    return result
  }

  /// The linear index of a multi-index.
  public static func linear(_ index: [Int], _ strides: [Int]) -> Int {
    var result = 0
    for (i, s) in zip(index, strides) { result += i * s }
    return result
  }

  /// Normalizes an axis, failing naming the node.
  public static func axis(_ axis: Int, rank: Int, _ node: Node, _ what: String = "axis") throws -> Int {
    guard let normalized = Indexing.axis(axis, rank: rank) else {
      throw node.failure("\(what) \(axis) is out of range for rank \(rank)")
    }
    return normalized
  }

  /// An index into a dim of `size`, negative counting from the end; fails when out of range.
  public static func index(_ value: Int64, size: Int, _ node: Node) throws -> Int {
    let normalized = value < 0 ? Int(value) + size : Int(value)
    guard normalized >= 0, normalized < size else { throw node.failure("index \(value) is out of range for size \(size)") }
    return normalized
  }

  /// Integer elements of an int tensor input as Int.
  public static func ints(_ tensor: Tensor) -> [Int] { tensor.int64s().map { TensorKernels.clamp($0) } }

  static func clamp(_ value: Int64) -> Int { Int(max(min(value, Int64(Int.max / 2)), Int64(Int.min / 2))) }

  /// Concatenates tensors of one type along `axis`.
  public static func concat(_ tensors: [Tensor], axis: Int, _ node: Node) throws -> Tensor {
    guard let first = tensors.first else { throw node.failure("nothing to concatenate") }
    let rank = first.rank
    var shape = first.shape
    shape[axis] = 0
    for tensor in tensors {
      guard tensor.rank == rank, tensor.elementType == first.elementType else {
        throw node.failure("inputs differ in rank or type")
      }
      for d in 0..<rank where d != axis && tensor.shape[d] != first.shape[d] {
        throw node.failure("input shapes \(first.shape) and \(tensor.shape) differ off the axis")
      }
      shape[axis] += tensor.shape[axis]
    }
    let outer = shape[..<axis].reduce(1, *)
    var result = ElementBuffer(type: first.elementType, count: 0)
    let buffers = tensors.map { ElementBuffer($0) }
    for o in 0..<outer {
      for (tensor, buffer) in zip(tensors, buffers) {
        let block = tensor.shape[axis...].reduce(1, *)
        result.append(contentsOf: buffer.gathered(Array((o * block)..<((o + 1) * block))))
      }
    }
    return result.tensor(shape: shape)
  }

  /// Slices `tensor` along `axis` to `start..<start+length`.
  public static func slice(_ tensor: Tensor, axis: Int, start: Int, length: Int) -> Tensor {
    var shape = tensor.shape
    shape[axis] = length
    let inner = tensor.shape[(axis + 1)...].reduce(1, *)
    let outer = tensor.shape[..<axis].reduce(1, *)
    var indices: [Int] = []
    indices.reserveCapacity(outer * length * inner)
    for o in 0..<outer {
      for a in start..<(start + length) {
        let base = (o * tensor.shape[axis] + a) * inner
        indices.append(contentsOf: base..<(base + inner))
      }
    }
    return take(tensor, indices, shape: shape)
  }

  /// Stacks same-shaped tensors along a new `axis`.
  public static func stack(_ tensors: [Tensor], axis: Int, _ node: Node) throws -> Tensor {
    let expanded = tensors.map { tensor -> Tensor in
      var shape = tensor.shape
      shape.insert(1, at: axis)
      return reshaped(tensor, shape)
    }
    return try concat(expanded, axis: axis, node)
  }

  /// Transposes by `perm`.
  public static func transpose(_ tensor: Tensor, _ perm: [Int]) -> Tensor {
    let shape = perm.map { tensor.shape[$0] }
    let inputStrides = Indexing.strides(tensor.shape)
    let permuted = perm.map { inputStrides[$0] }
    let indices = mapIndices(shape) { linear($0, permuted) }
    return take(tensor, indices, shape: shape)
  }
}

extension TensorKernels {
  /// Writes `updates[u]` into `data[d]` for each pair, in order, combining with the existing
  /// element under `reduction` (none, add, mul, max, min): ScatterElements and ScatterND.
  public static func scatter(
    _ data: Tensor, _ updates: Tensor, _ pairs: [(data: Int, update: Int)], reduction: String, _ node: Node
  ) throws -> Tensor {
    guard data.elementType == updates.elementType else { throw node.failure("updates are \(updates.elementType), data \(data.elementType)") }
    if reduction == "none" {
      var result = ElementBuffer(data)
      let source = ElementBuffer(updates)
      for pair in pairs { result.set(pair.data, from: source, pair.update) }
      return result.tensor(shape: data.shape)
    }
    switch Arithmetic(data.elementType) {
    case .floating:
      guard let combine = floatCombiner(reduction) else { throw node.failure("unknown reduction '\(reduction)'") }
      var values = data.doubles()
      let source = updates.doubles()
      for pair in pairs { values[pair.data] = combine(values[pair.data], source[pair.update]) }
      return Tensor(data.elementType, shape: data.shape, doubles: values)
    case .signed, .unsigned, .boolean:
      guard let combine = intCombiner(reduction, unsigned: data.elementType == .uint64) else {
        throw node.failure("unknown reduction '\(reduction)'")
      }
      var values = data.int64s()
      let source = updates.int64s()
      for pair in pairs { values[pair.data] = combine(values[pair.data], source[pair.update]) }
      return Tensor(data.elementType, shape: data.shape, int64s: values)
    case .other:
      throw node.failure("reduction '\(reduction)' on \(data.elementType) is not supported")
    }
  }

  static func floatCombiner(_ reduction: String) -> ((Double, Double) -> Double)? {
    switch reduction {
    case "add": return (+)
    case "mul": return (*)
    case "max": return { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
    case "min": return { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
    default: return nil
    }
  }

  static func intCombiner(_ reduction: String, unsigned: Bool) -> ((Int64, Int64) -> Int64)? {
    switch reduction {
    case "add": return { $0 &+ $1 }
    case "mul": return { $0 &* $1 }
    case "max":
      return unsigned ? { UInt64(bitPattern: $0) >= UInt64(bitPattern: $1) ? $0 : $1 } : { Swift.max($0, $1) }
    case "min":
      return unsigned ? { UInt64(bitPattern: $0) <= UInt64(bitPattern: $1) ? $0 : $1 } : { Swift.min($0, $1) }
    default: return nil
    }
  }

  /// Orders elements of a tensor for sorting: NaN after every number (NumPy's order).
  public static func sortKeys(_ tensor: Tensor) -> (Int, Int) -> Int {
    switch Arithmetic(tensor.elementType) {
    case .floating:
      let v = tensor.doubles()
      return { a, b in
        let x = v[a], y = v[b]
        if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
        return x < y ? -1 : (x > y ? 1 : 0)
      }
    case .unsigned where tensor.elementType == .uint64:
      let v = tensor.uint64s()
      return { a, b in v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0) }
    case .other where tensor.elementType == .string:
      let v = tensor.strings
      return { a, b in v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0) }
    default:
      let v = tensor.int64s()
      return { a, b in v[a] < v[b] ? -1 : (v[a] > v[b] ? 1 : 0) }
    }
  }
}
