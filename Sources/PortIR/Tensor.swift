import Foundation

/// A dense tensor held on the host: constants in the IR, and the values targets exchange.
///
/// Numeric elements are stored in ONNX's raw layout: little-endian, row-major, sub-byte types
/// packed low bits first (two int4 per byte). `Data` lets constants stay slices of a memory-mapped
/// model file instead of copies.
public struct Tensor: Sendable, Hashable {
  public enum Storage: Sendable, Hashable {
    case bytes(Data)
    case strings([String])
  }

  public var elementType: ElementType
  public var shape: [Int]
  public var storage: Storage

  /// Builds a tensor from raw bytes; the byte count must match the shape.
  public init(_ elementType: ElementType, shape: [Int], bytes: Data) {
    precondition(elementType != .string, "string tensors hold strings, not bytes")
    self.elementType = elementType
    self.shape = shape
    self.storage = .bytes(bytes)
  }

  public init(strings: [String], shape: [Int]) {
    self.elementType = .string
    self.shape = shape
    self.storage = .strings(strings)
  }

  /// Element count (1 for a scalar).
  public var count: Int { shape.reduce(1, *) }
  public var rank: Int { shape.count }

  /// The raw bytes; empty for string tensors.
  public var bytes: Data {
    if case .bytes(let data) = storage { return data }
    return Data()
  }

  public var strings: [String] {
    if case .strings(let values) = storage { return values }
    return []
  }

  public var valueType: ValueType { .tensor(elementType, Shape(fixed: shape)) }

  /// A tensor of zeros (empty strings for `string`).
  public static func zeros(_ elementType: ElementType, shape: [Int]) -> Tensor {
    let count = shape.reduce(1, *)
    if elementType == .string { return Tensor(strings: Array(repeating: "", count: count), shape: shape) }
    return Tensor(elementType, shape: shape, bytes: Data(count: elementType.byteCount(elements: count)))
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    let limit = 8
    let shown: [String]
    switch elementType {
    case .string: shown = strings.prefix(limit).map { "\"\($0)\"" }
    case .complex64, .complex128:
      shown = complexes().prefix(limit).map { "\($0.real)+\($0.imaginary)i" }
    case .int64, .uint64:
      shown = elementType == .uint64 ? uint64s().prefix(limit).map { "\($0)" } : int64s().prefix(limit).map { "\($0)" }
    default:
      shown = doubles().prefix(limit).map { value in
        elementType.isFloatingPoint ? "\(value)" : "\(Int64(value))"
      }
    }
    let more = count > limit ? ", …" : ""
    return "\(elementType)\(Shape(fixed: shape)) {\(shown.joined(separator: ", "))\(more)}"
  }
}
