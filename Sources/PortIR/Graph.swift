/// A graph: inputs, constants, nodes in topological order, and outputs.
///
/// Values are named (ONNX's own SSA names), which keeps import, export and reports readable.
/// A subgraph (the body of If, Loop, Scan) may read any value of the graphs enclosing it.
public struct Graph: Sendable, Hashable {
  public var name: String
  /// The values a caller supplies, in order (constants are not among them).
  public var inputs: [String]
  public var outputs: [String]
  /// Named constants (ONNX initializers).
  public var initializers: [String: Tensor]
  public var nodes: [Node]
  /// Known types of values: inputs, outputs, and whatever inference has found.
  public var types: [String: ValueType]
  public var docString: String

  public init(
    name: String = "main", inputs: [String] = [], outputs: [String] = [], initializers: [String: Tensor] = [:],
    nodes: [Node] = [], types: [String: ValueType] = [:], docString: String = ""
  ) {
    self.name = name
    self.inputs = inputs
    self.outputs = outputs
    self.initializers = initializers
    self.nodes = nodes
    self.types = types
    self.docString = docString
  }

  /// The type of a value: declared, inferred, or that of its constant.
  public func type(of value: String) -> ValueType {
    if let type = types[value] { return type }
    if let constant = initializers[value] { return constant.valueType }
    return .unknown
  }

  /// Every node of this graph and, depth first, of its subgraphs.
  public var allNodes: [Node] {
    nodes.flatMap { [$0] + $0.subgraphs.flatMap(\.allNodes) }
  }

  /// A name not used by any value or node in this graph, built from `base`.
  public func freshName(_ base: String) -> String {
    var used = Set(inputs).union(outputs).union(initializers.keys).union(types.keys)
    for node in allNodes {
      used.formUnion(node.outputs)
      used.insert(node.name)
    }
    if !used.contains(base) { return base }
    var counter = 1
    while used.contains("\(base)_\(counter)") { counter += 1 }
    return "\(base)_\(counter)"
  }

  /// For each value name, the index of the node that produces it.
  public var producers: [String: Int] {
    var result: [String: Int] = [:]
    for (index, node) in nodes.enumerated() {
      for output in node.outputs where !output.isEmpty { result[output] = index }
    }
    return result
  }

  /// For each value name, the indices of the nodes that read it (in this graph or its subgraphs).
  public var consumers: [String: [Int]] {
    var result: [String: [Int]] = [:]
    for (index, node) in nodes.enumerated() {
      var read = Set(node.inputs.filter { !$0.isEmpty })
      for subgraph in node.subgraphs { read.formUnion(subgraph.outerReferences) }
      for name in read { result[name, default: []].append(index) }
    }
    return result
  }

  /// Values a graph reads without defining them: references to enclosing scopes.
  public var outerReferences: Set<String> {
    var defined = Set(inputs).union(initializers.keys)
    var read = Set<String>()
    for node in nodes {
      for input in node.inputs where !input.isEmpty && !defined.contains(input) { read.insert(input) }
      for subgraph in node.subgraphs { read.formUnion(subgraph.outerReferences.subtracting(defined)) }
      defined.formUnion(node.outputs)
    }
    for output in outputs where !defined.contains(output) { read.insert(output) }
    return read
  }
}
