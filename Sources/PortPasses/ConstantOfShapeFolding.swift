import Foundation
import PortIR

/// Replaces ConstantOfShape with a constant shape by an initializer of the same name, so that
/// folding passes see the constant (models exported without weights fill them this way).
public struct ConstantOfShapeFolding: Pass {
  public let name = "ConstantOfShapeFolding"
  /// Larger outputs stay nodes, so a huge fill does not bloat the graph.
  public var maxElements: Int
  public init(maxElements: Int = 1 << 26) { self.maxElements = maxElements }

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var kept: [Node] = []
    for node in result.nodes {
      if let (output, tensor) = fold(node, result) {
        result.initializers[output] = tensor
        result.types[output] = tensor.valueType
      } else {
        kept.append(node)
      }
    }
    result.nodes = kept
    return result
  }

  private func fold(_ node: Node, _ graph: Graph) -> (String, Tensor)? {
    guard node.opType == "ConstantOfShape", node.domain.isEmpty || node.domain == "ai.onnx",
      node.outputs.count == 1, let output = node.outputs.first, !output.isEmpty,
      !graph.outputs.contains(output), let shapeName = node.input(0),
      let shapeTensor = PassSupport.constant(shapeName, in: graph), shapeTensor.elementType == .int64
    else { return nil }
    let shape = shapeTensor.int64s().map(Int.init)
    guard shape.allSatisfy({ $0 >= 0 }) else { return nil }
    let count = shape.reduce(1, *)
    guard count <= maxElements else { return nil }
    let fill = node[attribute: "value"]?.tensor ?? Tensor(shape: [1], floats: [0])
    guard fill.count == 1, fill.elementType != .string, fill.elementType.bitWidth % 8 == 0 else { return nil }
    var bytes = Data(capacity: fill.bytes.count * count)
    for _ in 0..<count { bytes.append(fill.bytes) }
    return (output, Tensor(fill.elementType, shape: shape, bytes: bytes))
  }
}
