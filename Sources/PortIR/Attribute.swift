/// A typed node attribute.
public indirect enum Attribute: Sendable, Hashable {
  case int(Int)
  case float(Float)
  case string(String)
  case tensor(Tensor)
  case graph(Graph)
  case type(ValueType)
  case ints([Int])
  case floats([Float])
  case strings([String])
  case tensors([Tensor])
  case graphs([Graph])
  case types([ValueType])

  public var int: Int? { if case .int(let v) = self { return v } else { return nil } }
  public var float: Float? {
    switch self {
    case .float(let v): v
    case .int(let v): Float(v)
    default: nil
    }
  }
  public var string: String? { if case .string(let v) = self { return v } else { return nil } }
  public var tensor: Tensor? { if case .tensor(let v) = self { return v } else { return nil } }
  public var graph: Graph? { if case .graph(let v) = self { return v } else { return nil } }
  public var ints: [Int]? {
    switch self {
    case .ints(let v): v
    case .int(let v): [v]
    default: nil
    }
  }
  public var floats: [Float]? {
    switch self {
    case .floats(let v): v
    case .float(let v): [v]
    default: nil
    }
  }
  public var strings: [String]? { if case .strings(let v) = self { return v } else { return nil } }

  /// The graphs this attribute holds (for walking subgraphs).
  public var subgraphs: [Graph] {
    switch self {
    case .graph(let g): [g]
    case .graphs(let gs): gs
    default: []
    }
  }

  public var kindName: String {
    switch self {
    case .int: "int"
    case .float: "float"
    case .string: "string"
    case .tensor: "tensor"
    case .graph: "graph"
    case .type: "type"
    case .ints: "ints"
    case .floats: "floats"
    case .strings: "strings"
    case .tensors: "tensors"
    case .graphs: "graphs"
    case .types: "types"
    }
  }
}
