import PortIR

/// Folds a ReLU or Clip into the node before it (Conv, ConvTranspose, Gemm, MatMul, Add, Sum, Mul) when it is that
/// node's only reader: the node then writes the activation's output directly, clamped in the
/// quantized domain, with the activation's (tighter) calibrated range — as NPUs fuse them.
enum ActivationFusion {
  static let producers: Set<String> = ["Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sum", "Mul"]

  static func run(_ graph: Graph) -> (graph: Graph, clamps: [String: (lo: Double, hi: Double)]) {
    let consumers = graph.consumers
    let outputs = Set(graph.outputs)
    var nodes = graph.nodes
    var removed = Set<Int>()
    var clamps: [String: (lo: Double, hi: Double)] = [:]
    for (index, node) in graph.nodes.enumerated() where producers.contains(node.opType) && node.outputs.count == 1 {
      let value = node.outputs[0]
      guard !outputs.contains(value), let readers = consumers[value], readers.count == 1 else { continue }
      let activation = graph.nodes[readers[0]]
      guard activation.inputs.first == value, activation.inputs.dropFirst().allSatisfy({ $0 != value }),
        let range = bounds(activation, graph)
      else { continue }
      nodes[index].outputs = activation.outputs
      clamps[node.name] = range
      removed.insert(readers[0])
    }
    var result = graph
    result.nodes = nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    return (result, clamps)
  }

  /// The real bounds of a ReLU or a Clip with constant bounds, else nil.
  static func bounds(_ node: Node, _ graph: Graph) -> (lo: Double, hi: Double)? {
    switch node.opType {
    case "Relu": return (0, .infinity)
    case "Clip": return QuantSupport.clipBounds(node, graph)
    default: return nil
    }
  }
}
