

/// A value passed to and from a target on the host: a tensor, or one of ONNX's containers.
public indirect enum HostValue: Sendable, Hashable {
  case tensor(Tensor)
  case sequence([HostValue], elementType: ValueType)
  /// An optional: `nil` is the empty optional of the given type.
  case optional(HostValue?, elementType: ValueType)

  public var tensor: Tensor? {
    if case .tensor(let t) = self { return t }
    return nil
  }

  public var sequence: [HostValue]? {
    if case .sequence(let values, _) = self { return values }
    return nil
  }

  /// The type of this value.
  public var valueType: ValueType {
    switch self {
    case .tensor(let t): return t.valueType
    case .sequence(_, let element): return .sequence(element)
    case .optional(_, let element): return .optional(element)
    }
  }
}

extension HostValue: CustomStringConvertible {
  public var description: String {
    switch self {
    case .tensor(let t): return t.description
    case .sequence(let values, _): return "[" + values.map(\.description).joined(separator: ", ") + "]"
    case .optional(let value, _): return value.map { "optional(\($0))" } ?? "optional(none)"
    }
  }
}
