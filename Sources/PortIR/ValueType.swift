/// The type of an SSA value: a tensor, or one of ONNX's container types.
public indirect enum ValueType: Hashable, Sendable {
  /// A dense tensor; `shape == nil` when its rank is unknown.
  case tensor(ElementType, Shape?)
  case sparseTensor(ElementType, Shape?)
  case sequence(ValueType)
  case optional(ValueType)
  case map(key: ElementType, value: ValueType)
  /// Not known (yet): before inference, or an opaque type.
  case unknown

  public var elementType: ElementType? {
    switch self {
    case .tensor(let type, _), .sparseTensor(let type, _): type
    default: nil
    }
  }

  public var shape: Shape? {
    switch self {
    case .tensor(_, let shape), .sparseTensor(_, let shape): shape
    default: nil
    }
  }

  public var isTensor: Bool {
    if case .tensor = self { return true }
    return false
  }

  /// Every element type this type mentions, containers included.
  public var elementTypes: [ElementType] {
    switch self {
    case .tensor(let type, _), .sparseTensor(let type, _): [type]
    case .sequence(let inner), .optional(let inner): inner.elementTypes
    case .map(let key, let value): [key] + value.elementTypes
    case .unknown: []
    }
  }
}

extension ValueType: CustomStringConvertible {
  public var description: String {
    switch self {
    case .tensor(let type, let shape): "\(type)\(shape?.description ?? "[*]")"
    case .sparseTensor(let type, let shape): "sparse<\(type)\(shape?.description ?? "[*]")>"
    case .sequence(let inner): "seq<\(inner)>"
    case .optional(let inner): "optional<\(inner)>"
    case .map(let key, let value): "map<\(key),\(value)>"
    case .unknown: "?"
    }
  }
}
