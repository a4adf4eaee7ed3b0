import PortIR
import PortTarget

/// Values visible while running a graph: its own, then those of the graphs enclosing it.
final class Scope {
  var values: [String: HostValue] = [:]
  let parent: Scope?
  init(parent: Scope?) { self.parent = parent }

  func lookup(_ name: String) -> HostValue? {
    if let value = values[name] { return value }
    return parent?.lookup(name)
  }
}

/// Runs a graph node by node, in order, freeing each value after its last reader.
public final class Interpreter {
  /// Intermediate values are kept when set (for `--layers`).
  public var captured: [String: HostValue]? = nil

  public init() {}

  /// Runs a whole graph: `inputs` are keyed by graph input name, the result by graph output name.
  public func run(_ graph: Graph, inputs: [String: HostValue]) throws -> [String: HostValue] {
    let ordered = try graph.inputs.map { name -> HostValue in
      guard let value = inputs[name] else {
        throw PortError(.badArgument, "no value given for graph input '\(name)'")
      }
      return value
    }
    let results = try run(graph, inputs: ordered, parent: nil)
    var outputs: [String: HostValue] = [:]
    for (name, value) in zip(graph.outputs, results) { outputs[name] = value }
    return outputs
  }

  /// What the interpreter runs, node by node: claimed, or refused with the reason (no kernel, a
  /// kernel's refusal, or a refused node inside a subgraph). Targets that fall back to the
  /// interpreter claim at least this.
  public static func capability(of graph: Graph) -> Capability {
    Capability(graph.nodes.map { node in
      guard let kernel = KernelRegistry.kernel(for: node) else {
        return .refused(node, "no reference kernel for \(node.qualifiedOpType)")
      }
      if let reason = kernel.refusal(for: node, in: graph) { return .refused(node, reason) }
      if let reason = node.subgraphs.lazy.compactMap({ capability(of: $0).refused.first }).first {
        return .refused(node, "subgraph node '\(reason.node)': \(reason.reason)")
      }
      return .claimed(node)
    })
  }

  /// Runs one node of `graph` on its input values (nil for an omitted optional input), the way the
  /// interpreter would: for targets that run the nodes they have no kernel of their own for.
  public static func runNode(_ node: Node, in graph: Graph, _ inputs: [HostValue?]) throws -> [HostValue?] {
    guard let kernel = KernelRegistry.kernel(for: node) else {
      throw PortError(.unsupported, "no reference kernel for \(node.qualifiedOpType)", at: Location(node: node.name))
    }
    let scope = Scope(parent: nil)
    for (name, tensor) in graph.initializers { scope.values[name] = .tensor(tensor) }
    do {
      return try kernel.run(node, inputs, KernelContext(interpreter: Interpreter(), scope: scope, graph: graph))
    } catch var error as PortError {
      if error.location.node == nil { error.location.node = node.name }
      throw error
    }
  }

  func run(_ graph: Graph, inputs: [HostValue], parent: Scope?) throws -> [HostValue] {
    let scope = Scope(parent: parent)
    for (name, tensor) in graph.initializers { scope.values[name] = .tensor(tensor) }
    for (name, value) in zip(graph.inputs, inputs) { scope.values[name] = value }
    let lastUse = Interpreter.lastUses(graph)
    let context = KernelContext(interpreter: self, scope: scope, graph: graph)
    for (index, node) in graph.nodes.enumerated() {
      guard let kernel = KernelRegistry.kernel(for: node) else {
        throw PortError(.unsupported, "no reference kernel for \(node.qualifiedOpType)", at: Location(node: node.name))
      }
      var nodeInputs: [HostValue?] = []
      nodeInputs.reserveCapacity(node.inputs.count)
      for name in node.inputs {
        if name.isEmpty {
          nodeInputs.append(nil)
          continue
        }
        guard let value = scope.lookup(name) else {
          throw PortError(.executionFailed, "input '\(name)' has no value", at: Location(node: node.name))
        }
        nodeInputs.append(value)
      }
      let outputs: [HostValue?]
      do {
        outputs = try kernel.run(node, nodeInputs, context)
      } catch var error as PortError {
        if error.location.node == nil { error.location.node = node.name }
        throw error
      }
      for (position, name) in node.outputs.enumerated() where !name.isEmpty {
        guard position < outputs.count, let value = outputs[position] else { continue }
        scope.values[name] = value
        if captured != nil, parent == nil { captured?[name] = value }
      }
      // Free what no later node (nor a graph output) reads.
      for name in node.inputs where !name.isEmpty && lastUse[name] == index && scope.values[name] != nil {
        if graph.initializers[name] == nil { scope.values[name] = nil }
      }
    }
    return try graph.outputs.map { name in
      guard let value = scope.lookup(name) else {
        throw PortError(.executionFailed, "graph output '\(name)' was not produced", at: Location(field: graph.name))
      }
      return value
    }
  }

  /// For each value, the index of the last node that reads it (outputs are never freed).
  static func lastUses(_ graph: Graph) -> [String: Int] {
    var last: [String: Int] = [:]
    for (index, node) in graph.nodes.enumerated() {
      for name in node.inputs where !name.isEmpty { last[name] = index }
      for subgraph in node.subgraphs {
        for name in subgraph.outerReferences { last[name] = index }
      }
    }
    for output in graph.outputs { last[output] = Int.max }
    return last
  }
}
