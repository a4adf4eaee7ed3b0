import PortIR

/// Helpers the passes share: constants, readers, renaming.
enum PassSupport {
  /// The constant a value holds, when it is an initializer a caller cannot override.
  static func constant(_ name: String, in graph: Graph) -> Tensor? {
    guard !name.isEmpty, !graph.inputs.contains(name) else { return nil }
    return graph.initializers[name]
  }

  /// How many nodes read each value (subgraph reads count for the node holding the subgraph),
  /// plus one for each graph output naming it.
  static func readCounts(_ graph: Graph) -> [String: Int] {
    var counts: [String: Int] = [:]
    for (name, readers) in graph.consumers { counts[name, default: 0] += readers.count }
    for output in graph.outputs { counts[output, default: 0] += 1 }
    return counts
  }

  /// Renames every read of `old` to `new` in the graph and in subgraphs that do not redefine `old`.
  static func renameReads(of old: String, to new: String, in graph: inout Graph) {
    for index in graph.nodes.indices {
      graph.nodes[index].inputs = graph.nodes[index].inputs.map { $0 == old ? new : $0 }
      graph.nodes[index].attributes = graph.nodes[index].attributes.mapValues { attribute in
        switch attribute {
        case .graph(let g): return .graph(renamedSubgraph(g, old, new))
        case .graphs(let gs): return .graphs(gs.map { renamedSubgraph($0, old, new) })
        default: return attribute
        }
      }
    }
    graph.outputs = graph.outputs.map { $0 == old ? new : $0 }
  }

  private static func renamedSubgraph(_ graph: Graph, _ old: String, _ new: String) -> Graph {
    // A subgraph defining `old` itself shadows the outer value: leave it.
    if graph.inputs.contains(old) || graph.initializers[old] != nil || graph.nodes.contains(where: { $0.outputs.contains(old) }) {
      return graph
    }
    var copy = graph
    renameReads(of: old, to: new, in: &copy)
    return copy
  }

  /// Applies `body` to every subgraph of every node (for passes that recurse).
  static func mapSubgraphs(_ graph: Graph, _ body: (Graph) throws -> Graph) rethrows -> Graph {
    var result = graph
    for index in result.nodes.indices where !result.nodes[index].subgraphs.isEmpty {
      var attributes = result.nodes[index].attributes
      for (key, attribute) in attributes {
        switch attribute {
        case .graph(let g): attributes[key] = .graph(try body(g))
        case .graphs(let gs): attributes[key] = .graphs(try gs.map(body))
        default: break
        }
      }
      result.nodes[index].attributes = attributes
    }
    return result
  }

  /// Element types the folding passes compute in Double and store back.
  static func isFloat(_ type: ElementType) -> Bool {
    type == .float || type == .double || type == .float16 || type == .bfloat16
  }
}
