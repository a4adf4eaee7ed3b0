import PortIR

/// NumPy-style multidirectional broadcasting of shapes, symbolic dims included.
public enum Broadcast {
  /// The broadcast shape, or nil when unknown rank; throws when sizes conflict.
  public static func shape(_ shapes: [Shape?]) throws -> Shape? {
    var known: [Shape] = []
    for shape in shapes {
      guard let shape else { return nil }
      known.append(shape)
    }
    let rank = known.map(\.rank).max() ?? 0
    var dims: [Dim] = []
    for position in 0..<rank {
      var result: Dim = .fixed(1)
      for shape in known {
        let offset = position - (rank - shape.rank)
        guard offset >= 0 else { continue }
        let dim = shape.dims[offset]
        result = try merge(result, dim)
      }
      dims.append(result)
    }
    return Shape(dims)
  }

  static func merge(_ a: Dim, _ b: Dim) throws -> Dim {
    switch (a, b) {
    case (.fixed(1), _): return b
    case (_, .fixed(1)): return a
    case (.fixed(let x), .fixed(let y)):
      if x != y { throw BroadcastError(a: x, b: y) }
      return a
    case (.fixed, _): return a
    case (_, .fixed): return b
    case (.symbol(let x), .symbol(let y)) where x == y: return a
    default: return .unknown
    }
  }

  /// Broadcast of static shapes.
  public static func sizes(_ shapes: [[Int]]) throws -> [Int] {
    try shape(shapes.map { Shape(fixed: $0) })?.fixedSizes ?? []
  }
}

public struct BroadcastError: Error, CustomStringConvertible {
  public var a: Int
  public var b: Int
  public var description: String { "dimensions \(a) and \(b) cannot be broadcast together" }
}

extension InferenceContext {
  /// The output type of an element-wise op over inputs `indices`: their shared element type
  /// (or `resultType`) and their broadcast shape.
  public func broadcastType(_ indices: [Int], resultType: ElementType? = nil) throws -> ValueType {
    let shared = try requireSameType(indices)
    let shape: Shape?
    do {
      shape = try Broadcast.shape(indices.filter { has($0) }.map { self.shape($0) })
    } catch let failure as BroadcastError {
      throw error("inputs cannot be broadcast: \(failure)", code: .shapeMismatch)
    }
    guard let type = resultType ?? shared else { return .unknown }
    return .tensor(type, shape)
  }

  /// The type of input `index`, unchanged (for element-wise unary ops).
  public func sameAsInput(_ index: Int) -> ValueType { type(index) }

  /// Normalizes a possibly negative axis against `rank`.
  public func axis(_ axis: Int, rank: Int, _ what: String = "axis") throws -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    guard normalized >= 0, normalized < max(rank, 1) else {
      throw error("\(what) \(axis) is out of range for rank \(rank)", code: .badAttribute)
    }
    return normalized
  }
}

/// Element-type groups that op type constraints name.
public enum TypeSets {
  public static let floats: Set<ElementType> = [.float, .double, .float16, .bfloat16]
  public static let signedInts: Set<ElementType> = [.int8, .int16, .int32, .int64]
  public static let unsignedInts: Set<ElementType> = [.uint8, .uint16, .uint32, .uint64]
  public static let ints: Set<ElementType> = signedInts.union(unsignedInts)
  public static let numeric: Set<ElementType> = floats.union(ints)
  public static let all: Set<ElementType> = Set(ElementType.allCases)
}
