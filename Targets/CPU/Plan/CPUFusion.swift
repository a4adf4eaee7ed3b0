import PortIR
import PortPasses

/// Fuses a Conv with the residual Add and the activation that follow it into one
/// `com.modelport::FusedConv` (Y = act(Conv(X, W, B) + Z)), which the cpu target runs as one
/// oneDNN convolution with sum and eltwise post-ops. Only where every value involved is a
/// float32 tensor of static shape (so the fused node always runs natively), and only through
/// values nothing else reads.
struct CPUFusion: Pass {
  let name = "cpu-fusion"

  func run(_ graph: Graph) throws -> Graph {
    var graph = graph
    var consumers = graph.consumers
    let outputs = Set(graph.outputs)
    var removed = Set<Int>()
    var replacements: [Int: Node] = [:]

    func soleConsumer(_ value: String) -> Int? {
      guard !outputs.contains(value), let readers = consumers[value], readers.count == 1 else { return nil }
      return readers[0]
    }
    func isStaticFloat(_ value: String) -> Bool {
      let type = graph.type(of: value)
      return type.elementType == .float && (type.shape?.isStatic ?? false)
    }

    for (index, node) in graph.nodes.enumerated() where node.opType == "Conv" && (node.domain.isEmpty || node.domain == "ai.onnx") {
      guard let y = node.outputs.first, isStaticFloat(y), let x = node.input(0), isStaticFloat(x) else { continue }
      var fused = node
      fused.opType = "FusedConv"
      fused.domain = "com.modelport"
      fused.opsetVersion = 1
      while fused.inputs.count < 3 { fused.inputs.append("") }
      var last = y
      var absorbed: [Int] = []
      // The residual: Add(conv, Z) or Add(Z, conv) (or a two-input Sum) of the same shape.
      if let next = soleConsumer(last), ["Add", "Sum"].contains(graph.nodes[next].opType), graph.nodes[next].domain.isEmpty,
        graph.nodes[next].inputs.count == 2
      {
        let add = graph.nodes[next]
        let other = add.inputs[0] == last ? add.inputs[1] : add.inputs[0]
        if add.inputs[0] != add.inputs[1], isStaticFloat(other), graph.type(of: other) == graph.type(of: last),
          graph.initializers[other] == nil, let out = add.outputs.first, isStaticFloat(out),
          graph.producers[other].map({ $0 < index }) ?? graph.inputs.contains(other)
        {
          fused.inputs.append(other)
          absorbed.append(next)
          last = out
        }
      }
      if let next = soleConsumer(last), let activation = CPUActivation.of(graph.nodes[next], graph),
        graph.nodes[next].domain.isEmpty, let out = graph.nodes[next].outputs.first, isStaticFloat(out)
      {
        fused.attributes["activation"] = .string(activation.name)
        if !activation.params.isEmpty { fused.attributes["activation_params"] = .floats(activation.params) }
        absorbed.append(next)
        last = out
      }
      guard !absorbed.isEmpty else { continue }
      fused.outputs = [last]
      // The fused node takes the place of the last absorbed node, so Z is defined before it.
      for position in absorbed.dropLast() { removed.insert(position) }
      removed.insert(index)
      replacements[absorbed[absorbed.count - 1]] = fused
      for position in absorbed { consumers[graph.nodes[position].outputs.first ?? ""] = nil }
    }
    guard !replacements.isEmpty else { return graph }
    var nodes: [Node] = []
    for (index, node) in graph.nodes.enumerated() {
      if let replacement = replacements[index] {
        nodes.append(replacement)
      } else if !removed.contains(index) {
        nodes.append(node)
      }
    }
    graph.nodes = nodes
    return graph
  }
}
