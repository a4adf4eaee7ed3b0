import Foundation
import PortIR
import PortPasses

/// Constant nodes, and ConstantOfShape nodes of constant shape (whatever their size: weights
/// made this way would otherwise be rebuilt on every run), become initializers, so kernels see
/// their values at compile time (Clip bounds, Resize scales, prepackable weights).
struct ConstantNodeFolding: Pass {
  let name = "cpu-constant-nodes"

  func run(_ graph: Graph) throws -> Graph {
    var graph = graph
    let outputs = Set(graph.outputs)
    graph.nodes = graph.nodes.filter { node in
      if node.opType == "ConstantOfShape", node.domain.isEmpty || node.domain == "ai.onnx",
        let name = node.outputs.first, !name.isEmpty, !outputs.contains(name),
        let shapeName = node.input(0), let shape = graph.initializers[shapeName], shape.elementType == .int64,
        let tensor = filled(node, shape: shape.int64s().map(Int.init))
      {
        graph.initializers[name] = tensor
        return false
      }
      guard node.opType == "Constant", node.domain.isEmpty || node.domain == "ai.onnx", node.outputs.count == 1,
        let name = node.outputs.first, !name.isEmpty, !outputs.contains(name), let tensor = value(node)
      else { return true }
      graph.initializers[name] = tensor
      return false
    }
    return graph
  }

  /// The ConstantOfShape result: its one-element value (float 0 by default) repeated.
  private func filled(_ node: Node, shape: [Int]) -> Tensor? {
    guard shape.allSatisfy({ $0 >= 0 }) else { return nil }
    let value = node.attributes["value"]?.tensor ?? Tensor(shape: [1], floats: [0])
    guard value.count == 1, value.elementType != .string, value.elementType.bitWidth % 8 == 0 else { return nil }
    let element = value.bytes
    let count = shape.reduce(1, *)
    var bytes = Data(count: element.count * count)
    if element.contains(where: { $0 != 0 }) {
      bytes.withUnsafeMutableBytes { raw in
        element.withUnsafeBytes { pattern in
          guard let base = raw.baseAddress, let source = pattern.baseAddress else { return }
          for index in 0..<count { (base + index * pattern.count).copyMemory(from: source, byteCount: pattern.count) }
        }
      }
    }
    return Tensor(value.elementType, shape: shape, bytes: bytes)
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
