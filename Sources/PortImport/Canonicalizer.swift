import PortIR
import PortOps

/// Rewrites every node into its operator's canonical form (the newest opset's), so a target
/// implements one semantics per op. Each node keeps the opset version it came from.
struct Canonicalizer {
  let path: String

  func canonicalize(_ input: Graph, report: inout ImportReport) throws -> Graph {
    var graph = input
    let original = graph.nodes
    graph.nodes = []
    for var node in original {
      for key in node.attributes.keys.sorted() {
        switch node.attributes[key]! {
        case .graph(let g): node.attributes[key] = .graph(try canonicalizeSubgraph(g, scope: graph, report: &report))
        case .graphs(let gs):
          node.attributes[key] = .graphs(try gs.map { try canonicalizeSubgraph($0, scope: graph, report: &report) })
        default: break
        }
      }
      guard let definition = OpRegistry.definition(for: node) else {
        graph.nodes.append(node)
        continue
      }
      var context = CanonicalizationContext(graph: graph)
      let rewritten: [Node]
      do {
        rewritten = try definition.canonicalize(node, &context)
      } catch let error as PortError {
        throw error.inFile(path)
      }
      if rewritten != [node] { report.canonicalizedNodes += 1 }
      for (name, tensor) in context.addedConstants { graph.initializers[name] = tensor }
      for newNode in rewritten {
        graph.nodes.append(newNode)
        // Record what is known so far, for later rewrites that depend on ranks.
        if let types = Inference.outputTypes(of: newNode, in: graph) {
          for (name, type) in zip(newNode.outputs, types) where !name.isEmpty && graph.types[name] == nil {
            if type != .unknown { graph.types[name] = type }
          }
        }
      }
    }
    return graph
  }

  /// Subgraphs are canonicalized with the enclosing graph's types in view.
  func canonicalizeSubgraph(_ subgraph: Graph, scope: Graph, report: inout ImportReport) throws -> Graph {
    var withScope = subgraph
    for (name, type) in scope.types where withScope.types[name] == nil { withScope.types[name] = type }
    for (name, tensor) in scope.initializers where withScope.initializers[name] == nil {
      withScope.types[name] = tensor.valueType
    }
    var result = try canonicalize(withScope, report: &report)
    // Keep only the subgraph's own types.
    result.types = result.types.filter { subgraph.types[$0.key] != nil || scope.types[$0.key] == nil }
    result.types = result.types.filter { scope.initializers[$0.key] == nil || subgraph.types[$0.key] != nil }
    return result
  }
}
