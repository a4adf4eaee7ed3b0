import PortIR

/// What ModelPort knows of one operator: its signature, how older opset versions are rewritten
/// into the one canonical form (the newest version's), and type and shape inference for that form.
///
/// Adding an operator is adding one file with one type conforming to this protocol; the registry
/// (`OpRegistry+Generated.swift`) is written by `Scripts/generate-registries`.
///
///     enum Relu: OpDefinition {
///       static let opType = "Relu"
///       static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
///       static func infer(_ context: inout InferenceContext) throws {
///         try context.setOutput(0, context.sameAsInput(0))
///       }
///     }
public protocol OpDefinition {
  static var opType: String { get }
  /// `""` is ai.onnx.
  static var domain: String { get }
  static var signature: OpSignature { get }
  /// Rewrites a node of any opset version into the canonical form. The result replaces the node;
  /// it may be several nodes (emitted in order) and add constants through the context.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node]
  /// Infers the output types (and, for shape arithmetic, values) of a canonical node.
  static func infer(_ context: inout InferenceContext) throws
}

extension OpDefinition {
  public static var domain: String { "" }
  public static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] { [node] }
}

/// What a canonicalization may do besides rewriting the node itself.
public struct CanonicalizationContext {
  /// The graph being rewritten, for fresh names and constant look-ups.
  public private(set) var graph: Graph
  /// Constants the rewrite adds.
  public private(set) var addedConstants: [String: Tensor] = [:]
  private var reserved: Set<String> = []

  public init(graph: Graph) { self.graph = graph }

  /// The opset version the node was written for.
  public func version(of node: Node) -> Int { node.opsetVersion }

  /// A value name unused in the graph.
  public mutating func freshName(_ base: String) -> String {
    var candidate = graph.freshName(base)
    var counter = 1
    while reserved.contains(candidate) || addedConstants[candidate] != nil {
      candidate = graph.freshName("\(base)_c\(counter)")
      counter += 1
    }
    reserved.insert(candidate)
    return candidate
  }

  /// Adds a constant and returns its value name.
  public mutating func constant(_ tensor: Tensor, name base: String) -> String {
    let name = freshName(base)
    addedConstants[name] = tensor
    return name
  }

  /// The constant behind a value name, if it is one.
  public func constantValue(_ name: String) -> Tensor? {
    graph.initializers[name] ?? addedConstants[name]
  }
}

/// The types known for a node's inputs, and where inference writes its outputs.
public struct InferenceContext {
  public let node: Node
  /// Input types; `.unknown` for omitted or untyped inputs.
  public let inputTypes: [ValueType]
  /// Inputs whose value is known: constants, or small integer tensors computed from shapes.
  public let inputValues: [KnownValue?]
  public var outputTypes: [ValueType]
  public var outputValues: [KnownValue?]
  /// Infers a subgraph's output types given the types of its inputs (for If, Loop, Scan).
  public let inferSubgraph: (Graph, [ValueType]) throws -> [ValueType]

  public init(
    node: Node, inputTypes: [ValueType], inputValues: [KnownValue?],
    inferSubgraph: @escaping (Graph, [ValueType]) throws -> [ValueType]
  ) {
    self.node = node
    self.inputTypes = inputTypes
    self.inputValues = inputValues
    self.outputTypes = Array(repeating: .unknown, count: node.outputs.count)
    self.outputValues = Array(repeating: nil, count: node.outputs.count)
    self.inferSubgraph = inferSubgraph
  }

  public var inputCount: Int { node.inputs.count }

  /// Whether input `index` is present (not omitted).
  public func has(_ index: Int) -> Bool { node.input(index) != nil }

  public func type(_ index: Int) -> ValueType { index < inputTypes.count ? inputTypes[index] : .unknown }
  public func elementType(_ index: Int) -> ElementType? { type(index).elementType }
  public func shape(_ index: Int) -> Shape? { type(index).shape }
  public func rank(_ index: Int) -> Int? { shape(index)?.rank }
  public func value(_ index: Int) -> KnownValue? { index < inputValues.count ? inputValues[index] : nil }
  /// A constant input's tensor, when known exactly.
  public func constant(_ index: Int) -> Tensor? { value(index)?.tensor }
  /// A constant int input's elements.
  public func ints(_ index: Int) -> [Int]? { value(index)?.ints }

  public func attribute(_ name: String) -> Attribute? { node.attributes[name] }
  public func int(_ name: String, default fallback: Int) -> Int { node.attributes[name]?.int ?? fallback }
  public func ints(_ name: String) -> [Int]? { node.attributes[name]?.ints }
  public func float(_ name: String, default fallback: Float) -> Float { node.attributes[name]?.float ?? fallback }
  public func string(_ name: String, default fallback: String) -> String { node.attributes[name]?.string ?? fallback }

  public mutating func setOutput(_ index: Int, _ type: ValueType, value: KnownValue? = nil) {
    guard index < outputTypes.count else { return }
    outputTypes[index] = type
    outputValues[index] = value
  }

  /// A problem with this node, located at it.
  public func error(_ message: String, code: PortError.Code = .typeMismatch) -> PortError {
    PortError(code, "\(node.qualifiedOpType): \(message)", at: Location(node: node.name))
  }

  /// Fails unless input `index` has one of `allowed` element types (unknown passes).
  public func require(_ index: Int, in allowed: Set<ElementType>, _ what: String = "") throws {
    guard let type = elementType(index) else { return }
    if !allowed.contains(type) {
      let names = allowed.map(\.name).sorted().joined(separator: ", ")
      throw error("input \(index)\(what.isEmpty ? "" : " (\(what))") is \(type), expected one of \(names)")
    }
  }

  /// Fails unless the listed inputs share one element type (unknowns pass); returns it.
  @discardableResult
  public func requireSameType(_ indices: [Int]) throws -> ElementType? {
    var found: (Int, ElementType)?
    for index in indices where has(index) {
      guard let type = elementType(index) else { continue }
      if let (first, expected) = found, expected != type {
        throw error("input \(index) is \(type) but input \(first) is \(expected); they must match")
      }
      if found == nil { found = (index, type) }
    }
    return found?.1
  }
}

/// A value known during inference: an exact constant, or a 0-D/1-D integer tensor whose elements
/// are dimensions (possibly symbolic), as computed by Shape → Gather → Concat chains.
public enum KnownValue: Sendable, Hashable {
  case tensor(Tensor)
  case dims([Dim], scalar: Bool)

  public var tensor: Tensor? {
    if case .tensor(let t) = self { return t }
    if case .dims(let dims, let scalar) = self {
      let values = dims.compactMap(\.value)
      guard values.count == dims.count else { return nil }
      return Tensor(int64s: values.map(Int64.init), shape: scalar ? [] : [values.count])
    }
    return nil
  }

  public var ints: [Int]? {
    if let tensor, tensor.elementType.isInteger { return tensor.int64s().map { Int($0) } }
    return nil
  }

  /// Elements as dimensions, for shape arithmetic.
  public var dims: [Dim]? {
    switch self {
    case .dims(let dims, _): return dims
    case .tensor(let t):
      guard t.elementType == .int64 || t.elementType == .int32, t.rank <= 1 else { return nil }
      return t.int64s().map { .fixed(Int($0)) }
    }
  }

  public var isScalar: Bool {
    switch self {
    case .dims(_, let scalar): scalar
    case .tensor(let t): t.rank == 0
    }
  }
}
