/// One dimension of a tensor shape: a known size, a named symbol (`batch`), or unknown.
public enum Dim: Hashable, Sendable, Codable {
  case fixed(Int)
  case symbol(String)
  case unknown

  public var value: Int? {
    if case .fixed(let size) = self { return size }
    return nil
  }
}

extension Dim: CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
  public var description: String {
    switch self {
    case .fixed(let size): "\(size)"
    case .symbol(let name): name
    case .unknown: "?"
    }
  }
  public init(integerLiteral value: Int) { self = .fixed(value) }
  public init(stringLiteral value: String) { self = .symbol(value) }
}

/// A tensor shape: a list of dimensions. A tensor of unknown rank has no `Shape` (`nil`).
public struct Shape: Hashable, Sendable, Codable {
  public var dims: [Dim]

  public init(_ dims: [Dim]) { self.dims = dims }
  public init(fixed sizes: [Int]) { self.dims = sizes.map { .fixed($0) } }

  public var rank: Int { dims.count }

  /// The sizes when every dimension is known.
  public var fixedSizes: [Int]? {
    var sizes: [Int] = []
    sizes.reserveCapacity(dims.count)
    for dim in dims {
      guard let size = dim.value else { return nil }
      sizes.append(size)
    }
    return sizes
  }

  public var isStatic: Bool { fixedSizes != nil }

  /// The element count when static (nil too when it would overflow Int).
  public var elementCount: Int? {
    guard let sizes = fixedSizes else { return nil }
    var count = 1
    for size in sizes {
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      if overflow { return nil }
      count = product
    }
    return count
  }

  /// Replaces symbols with the sizes bound to them (`batch` → 1).
  public func binding(_ symbols: [String: Int]) -> Shape {
    Shape(dims.map { dim in
      if case .symbol(let name) = dim, let size = symbols[name] { return .fixed(size) }
      return dim
    })
  }
}

extension Shape: CustomStringConvertible, ExpressibleByArrayLiteral {
  public var description: String { "[" + dims.map(\.description).joined(separator: ",") + "]" }
  public init(arrayLiteral elements: Dim...) { self.dims = elements }
}
