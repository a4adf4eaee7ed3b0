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
final class Interpreter {
  /// Intermediate values are kept when set (for `--layers`).
  var captured: [String: HostValue]? = nil

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
