import PortIR
import PortOps

/// How a kernel computes on an element type: floating types in Double, signed integers in Int64
/// (wrapping like C), unsigned in UInt64, bool as 0/1.
public enum Arithmetic {
  case floating, signed, unsigned, boolean, other

  public init(_ type: ElementType) {
    if type.isFloatingPoint { self = .floating }
    else if type == .bool { self = .boolean }
    else if type.isSignedInteger { self = .signed }
    else if type.isInteger { self = .unsigned }
    else { self = .other }
  }
}

/// Element-wise maps, with NumPy broadcasting for several inputs.
public enum Elementwise {
  /// Applies a unary function; `int` handles integer types exactly (nil: integer inputs are refused).
  public static func unary(
    _ x: Tensor, float: (Double) -> Double, int: ((Int64) -> Int64)? = nil, uint: ((UInt64) -> UInt64)? = nil
  ) throws -> Tensor {
    switch Arithmetic(x.elementType) {
    case .floating:
      return Tensor(x.elementType, shape: x.shape, doubles: x.doubles().map(float))
    case .signed, .boolean:
      guard let int else { throw UnsupportedType(type: x.elementType) }
      return Tensor(x.elementType, shape: x.shape, int64s: x.int64s().map(int))
    case .unsigned:
      if let uint { return Tensor(x.elementType, shape: x.shape, uint64s: x.uint64s().map(uint)) }
      guard let int else { throw UnsupportedType(type: x.elementType) }
      return Tensor(x.elementType, shape: x.shape, int64s: x.int64s().map(int))
    case .other:
      throw UnsupportedType(type: x.elementType)
    }
  }

  /// Applies a binary function with broadcasting. The result has `resultType` (default: a's type).
  public static func binary(
    _ a: Tensor, _ b: Tensor, resultType: ElementType? = nil,
    float: (Double, Double) -> Double,
    int: ((Int64, Int64) -> Int64)? = nil,
    uint: ((UInt64, UInt64) -> UInt64)? = nil
  ) throws -> Tensor {
    let shape = try Broadcast.sizes([a.shape, b.shape])
    let mapA = Indexing.broadcastMap(from: a.shape, to: shape)
    let mapB = Indexing.broadcastMap(from: b.shape, to: shape)
    let type = resultType ?? a.elementType
    switch Arithmetic(a.elementType) {
    case .floating:
      let x = a.doubles()
      let y = b.doubles()
      return Tensor(type, shape: shape, doubles: (0..<mapA.count).map { float(x[mapA[$0]], y[mapB[$0]]) })
    case .unsigned where uint != nil:
      let x = a.uint64s()
      let y = b.uint64s()
      let values = (0..<mapA.count).map { uint!(x[mapA[$0]], y[mapB[$0]]) }
      if type.isFloatingPoint || type == .bool {
        return Tensor(type, shape: shape, doubles: values.map { Double($0) })
      }
      return Tensor(type, shape: shape, uint64s: values)
    case .signed, .unsigned, .boolean:
      guard let int else { throw UnsupportedType(type: a.elementType) }
      let x = a.int64s()
      let y = b.int64s()
      return Tensor(type, shape: shape, int64s: (0..<mapA.count).map { int(x[mapA[$0]], y[mapB[$0]]) })
    case .other:
      throw UnsupportedType(type: a.elementType)
    }
  }

  /// A comparison or logical op: computes on a's arithmetic and yields bool.
  public static func predicate(
    _ a: Tensor, _ b: Tensor, float: (Double, Double) -> Bool, int: (Int64, Int64) -> Bool,
    uint: ((UInt64, UInt64) -> Bool)? = nil
  ) throws -> Tensor {
    let shape = try Broadcast.sizes([a.shape, b.shape])
    let mapA = Indexing.broadcastMap(from: a.shape, to: shape)
    let mapB = Indexing.broadcastMap(from: b.shape, to: shape)
    var result = [Int64](repeating: 0, count: mapA.count)
    switch Arithmetic(a.elementType) {
    case .floating:
      let x = a.doubles()
      let y = b.doubles()
      for i in result.indices { result[i] = float(x[mapA[i]], y[mapB[i]]) ? 1 : 0 }
    case .unsigned where uint != nil:
      let x = a.uint64s()
      let y = b.uint64s()
      for i in result.indices { result[i] = uint!(x[mapA[i]], y[mapB[i]]) ? 1 : 0 }
    case .signed, .unsigned, .boolean:
      let x = a.int64s()
      let y = b.int64s()
      for i in result.indices { result[i] = int(x[mapA[i]], y[mapB[i]]) ? 1 : 0 }
    case .other:
      if a.elementType == .string {
        let x = a.strings
        let y = b.strings
        for i in result.indices { result[i] = x[mapA[i]] == y[mapB[i]] ? 1 : 0 }
      } else {
        throw UnsupportedType(type: a.elementType)
      }
    }
    return Tensor(.bool, shape: shape, int64s: result)
  }
}

/// A kernel met an element type it does not implement.
public struct UnsupportedType: Error, CustomStringConvertible {
  public var type: ElementType
  public var description: String { "element type \(type) is not supported by this kernel" }
}
