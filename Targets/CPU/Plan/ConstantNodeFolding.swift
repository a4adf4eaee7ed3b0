import PortIR
import PortPasses

/// Constant nodes become initializers, so kernels see their values at compile time (Clip bounds,
/// Resize scales, scalar operands) instead of host values produced at run time.
struct ConstantNodeFolding: Pass {
  let name = "cpu-constant-nodes"

  func run(_ graph: Graph) throws -> Graph {
    var graph = graph
    let outputs = Set(graph.outputs)
    graph.nodes = graph.nodes.filter { node in
      guard node.opType == "Constant", node.domain.isEmpty || node.domain == "ai.onnx", node.outputs.count == 1,
        let name = node.outputs.first, !name.isEmpty, !outputs.contains(name), let tensor = value(node)
      else { return true }
      graph.initializers[name] = tensor
      return false
    }
    return graph
  }

  private func value(_ node: Node) -> Tensor? {
    if let tensor = node.attributes["value"]?.tensor { return tensor }
    if case .float(let v)? = node.attributes["value_float"] { return Tensor(shape: [], floats: [v]) }
    if case .floats(let v)? = node.attributes["value_floats"] { return Tensor(shape: [v.count], floats: v) }
    if case .int(let v)? = node.attributes["value_int"] { return Tensor(int64s: [Int64(v)], shape: []) }
    if case .ints(let v)? = node.attributes["value_ints"] { return Tensor(int64s: v.map(Int64.init), shape: [v.count]) }
    return nil
  }
}
