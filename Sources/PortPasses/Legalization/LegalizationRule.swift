import PortIR
import PortOps

/// One legalization rewrite: replaces a node an accelerator lacks (and sometimes a neighbour it
/// absorbs, like the Conv a BatchNormalization folds into) by nodes computing the same values.
///
/// A rule only proposes; the `Legalizer` decides. It applies a proposal when every node the rule
/// emits is native for the target, or can itself be legalized, and keeps the first rule (in the
/// legalizer's order) that gets there. So a rule never checks the target itself, and alternative
/// forms of one op (HardSwish through HardSigmoid, or through Clip) are separate rules.
///
/// A rule must keep the meaning exactly, up to the rounding of the intermediate values it adds
/// (say so in `caveat` when it is more than that), and must keep the names of the values it
/// replaces: the last node it emits writes the replaced node's output.
public protocol LegalizationRule: Sendable {
  /// A stable name for reports and for choosing rules: "HardSwishToHardSigmoid".
  var name: String { get }
  /// The op types (ai.onnx) this rule rewrites; empty for a rule on any op (see `applies(to:)`).
  var opTypes: Set<String> { get }
  /// What it does, in one line for a porting report: "HardSwish(x) → x · HardSigmoid(x; 1/6, 1/2)".
  var summary: String { get }
  /// Where the rewrite is not exact beyond intermediate rounding; nil when it is.
  var caveat: String? { get }
  /// Whether the rule may rewrite a node of this op type (by default: `opTypes` holds it).
  func applies(to opType: String) -> Bool
  /// Proposes a rewrite of `graph.nodes[index]` (graph types are inferred), or says why it does not apply.
  func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome
}

extension LegalizationRule {
  public var caveat: String? { nil }
  public func applies(to opType: String) -> Bool { opTypes.contains(opType) }
}

/// A rule's answer for one node.
public enum RuleOutcome: Sendable {
  case rewrite(Rewrite)
  /// The node does not qualify (non-constant weights, unknown rank, …); the text says why.
  case declined(String)
}

/// A proposed replacement: the nodes removed (the rewritten node and any it absorbs) and the
/// nodes and constants taking their place. The new nodes go where the last removed node was.
public struct Rewrite: Sendable {
  /// Indices into `graph.nodes` of the nodes removed.
  public var removing: [Int]
  /// The replacement, in order; the names are unused in the graph (or taken over from a removed node).
  public var nodes: [Node]
  /// New constants, under fresh names, or under the name of a removed node's output (a folded constant).
  public var initializers: [String: Tensor]
  /// Removed values whose readers now read another, existing value (a Transpose pair that cancels).
  /// Never a graph output.
  public var aliases: [String: String] = [:]

  public init(removing: [Int], nodes: [Node], initializers: [String: Tensor] = [:], aliases: [String: String] = [:]) {
    self.removing = removing
    self.nodes = nodes
    self.initializers = initializers
    self.aliases = aliases
  }
}

/// Builds a `Rewrite` for one node: fresh value and node names, constants of the right element
/// type, nodes stamped with the rewritten node's opset version.
public struct RewriteBuilder {
  public let graph: Graph
  public let index: Int
  public private(set) var removing: [Int]
  public private(set) var nodes: [Node] = []
  public private(set) var initializers: [String: Tensor] = [:]
  public private(set) var aliases: [String: String] = [:]
  private var used: Set<String>
  private var released: Set<String> = []

  public init(_ graph: Graph, replacing index: Int) {
    self.graph = graph
    self.index = index
    self.removing = [index]
    var used = Set(graph.inputs).union(graph.outputs).union(graph.initializers.keys).union(graph.types.keys)
    for node in graph.allNodes {
      used.formUnion(node.outputs)
      used.insert(node.name)
    }
    self.used = used
    released.insert(graph.nodes[index].name)
  }

  /// The node being rewritten.
  public var node: Node { graph.nodes[index] }

  /// Also removes `graph.nodes[other]` (a neighbour merged into the replacement); its name may
  /// then be taken over by a new node.
  public mutating func absorb(_ other: Int) {
    guard !removing.contains(other) else { return }
    removing.append(other)
    released.insert(graph.nodes[other].name)
  }

  /// A value or node name not used in the graph nor by this rewrite.
  public mutating func freshName(_ base: String) -> String {
    var candidate = base
    var counter = 1
    while used.contains(candidate) {
      candidate = "\(base)_\(counter)"
      counter += 1
    }
    used.insert(candidate)
    return candidate
  }

  private var stem: String { node.name.isEmpty ? "legalized" : node.name }

  /// Adds a constant under a fresh name built from the node's name and `base`.
  public mutating func constant(_ tensor: Tensor, _ base: String) -> String {
    let name = freshName("\(stem)_\(base)")
    initializers[name] = tensor
    return name
  }

  /// Makes a removed node's output a constant (the node folded away).
  public mutating func define(_ value: String, as tensor: Tensor) { initializers[value] = tensor }

  /// Makes the readers of a removed node's output read `existing` instead (never for a graph output).
  public mutating func alias(_ value: String, to existing: String) { aliases[value] = existing }

  /// A 0-D constant of `type` (float types round `value`; integer types take it exactly).
  public mutating func scalar(_ value: Double, _ type: ElementType, _ base: String) -> String {
    constant(Tensor(type, shape: [], doubles: [value]), base)
  }

  /// A 1-D int64 constant (shapes, axes).
  public mutating func ints(_ values: [Int], _ base: String) -> String {
    constant(Tensor(int64s: values.map(Int64.init)), base)
  }

  /// Appends a node and returns its (first) output. `output` names the value it writes (the
  /// replaced node's output for the last node); `name` takes over a removed node's name.
  @discardableResult
  public mutating func emit(
    _ opType: String, _ inputs: [String], _ attributes: [String: Attribute] = [:], output: String? = nil,
    name: String? = nil
  ) -> String {
    let nodeName: String
    if let name, released.contains(name) {
      released.remove(name)
      nodeName = name
    } else {
      nodeName = freshName("\(stem)/\(opType)")
    }
    let value = output ?? freshName("\(stem)_\(opType.lowercased())")
    nodes.append(
      Node(
        name: nodeName, opType: opType, inputs: inputs, outputs: [value], attributes: attributes,
        opsetVersion: node.opsetVersion))
    return value
  }

  /// Appends a node built by the caller (several outputs, or a copy of a removed node).
  public mutating func emit(node newNode: Node) {
    if released.contains(newNode.name) { released.remove(newNode.name) }
    nodes.append(newNode)
  }

  public var outcome: RuleOutcome { .rewrite(Rewrite(removing: removing, nodes: nodes, initializers: initializers, aliases: aliases)) }
}
