import PortIR

/// Removes nodes none of whose outputs is read (ONNX operators are pure) and initializers
/// nobody reads, in the graph and its subgraphs. Graph inputs are never removed.
public struct DeadCodeElimination: Pass {
  public let name = "DeadCodeElimination"
  public init() {}

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var live = Set(result.outputs)
    var kept: [Node] = []
    for node in result.nodes.reversed() {
      guard node.outputs.contains(where: { !$0.isEmpty && live.contains($0) }) else { continue }
      kept.append(node)
      live.formUnion(node.inputs.filter { !$0.isEmpty })
      for subgraph in node.subgraphs { live.formUnion(subgraph.outerReferences) }
    }
    result.nodes = kept.reversed()
    result.initializers = result.initializers.filter { live.contains($0.key) || result.inputs.contains($0.key) }
    // Types of values that no longer exist would only mislead later passes.
    var existing = Set(result.inputs).union(result.outputs).union(result.initializers.keys)
    for node in result.nodes { existing.formUnion(node.outputs) }
    result.types = result.types.filter { existing.contains($0.key) }
    return result
  }
}
