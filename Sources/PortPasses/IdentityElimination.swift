import PortIR

/// Removes Identity nodes and inference-mode Dropout whose mask nobody reads, making readers
/// read the source directly. When the result is a graph output (whose name must stay), the
/// source's producer is renamed instead; when that is not possible the node stays.
public struct IdentityElimination: Pass {
  public let name = "IdentityElimination"
  public init() {}

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var index = 0
    while index < result.nodes.count {
      let node = result.nodes[index]
      if let source = forwardedInput(node, result), let target = node.outputs.first, !target.isEmpty,
        remove(at: index, source: source, target: target, in: &result)
      {
        continue
      }
      index += 1
    }
    return result
  }

  /// The input a node passes through unchanged, or nil when it does something.
  private func forwardedInput(_ node: Node, _ graph: Graph) -> String? {
    guard node.domain.isEmpty || node.domain == "ai.onnx", let source = node.input(0) else { return nil }
    switch node.opType {
    case "Identity":
      // Identity of a sequence or optional is still a plain pass-through.
      return node.outputs.count == 1 ? source : nil
    case "Dropout":
      // Inference form: no training_mode or a constant false one; the mask must be unused.
      if let training = node.input(2) {
        guard let flag = PassSupport.constant(training, in: graph), flag.count == 1,
          flag.doubles().first == 0
        else { return nil }
      }
      if node.outputs.count > 1, !node.outputs[1].isEmpty {
        let mask = node.outputs[1]
        if graph.outputs.contains(mask) || graph.consumers[mask] != nil { return nil }
      }
      return source
    default:
      return nil
    }
  }

  private func remove(at index: Int, source: String, target: String, in graph: inout Graph) -> Bool {
    if !graph.outputs.contains(target) {
      graph.nodes.remove(at: index)
      PassSupport.renameReads(of: target, to: source, in: &graph)
      return true
    }
    // The target name must stay: give it to the source's producer, when the source is a plain
    // node output of this graph that is not itself a graph output.
    guard !graph.outputs.contains(source), !graph.inputs.contains(source), graph.initializers[source] == nil,
      let producer = graph.producers[source], producer < index
    else { return false }
    graph.nodes.remove(at: index)
    graph.nodes[producer].outputs = graph.nodes[producer].outputs.map { $0 == source ? target : $0 }
    PassSupport.renameReads(of: source, to: target, in: &graph)
    if graph.types[target] == nil, let type = graph.types[source] { graph.types[target] = type }
    return true
  }
}
