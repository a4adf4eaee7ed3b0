import PortIR
import PortOps

/// Replaces nodes whose integer outputs inference knows exactly (Shape → Gather → Concat on
/// static shapes, arithmetic on such values) by initializers of the same names. Values flow as
/// inference's `KnownValue`s: from small constants and from the static shapes of `graph.types`.
/// Subgraphs are left alone; graph outputs stay computed.
public struct ShapeFolding: Pass {
  public let name = "ShapeFolding"
  public init() {}

  public func run(_ input: Graph) throws -> Graph {
    // Fresh inference, so every value's type (and thus static shape) is as precise as it gets.
    var graph = (try? Inference.run(input)) ?? input
    var known: [String: KnownValue] = [:]
    for (name, tensor) in graph.initializers where tensor.count <= 64 && !graph.inputs.contains(name) {
      known[name] = .tensor(tensor)
    }
    var kept: [Node] = []
    for node in graph.nodes {
      if let folded = fold(node, graph, &known) {
        for (name, tensor) in folded {
          graph.initializers[name] = tensor
          graph.types[name] = tensor.valueType
        }
      } else {
        kept.append(node)
      }
    }
    graph.nodes = kept
    // Keep the caller's declared types; only add what inference found for the new constants.
    var types = input.types
    for name in graph.initializers.keys where input.initializers[name] == nil { types[name] = graph.types[name] }
    graph.types = types
    return graph
  }

  /// The constants replacing every output of `node`, or nil when it must stay.
  private func fold(_ node: Node, _ graph: Graph, _ known: inout [String: KnownValue]) -> [String: Tensor]? {
    guard node.subgraphs.isEmpty, let definition = OpRegistry.definition(for: node) else { return nil }
    let inputTypes = node.inputs.map { $0.isEmpty ? ValueType.unknown : graph.type(of: $0) }
    let inputValues = node.inputs.map { $0.isEmpty ? nil : known[$0] }
    var context = InferenceContext(node: node, inputTypes: inputTypes, inputValues: inputValues) { _, _ in [] }
    do { try definition.infer(&context) } catch { return nil }
    var result: [String: Tensor] = [:]
    for (index, name) in node.outputs.enumerated() where !name.isEmpty {
      if let value = context.outputValues[index] { known[name] = value }
      guard !graph.outputs.contains(name), let tensor = context.outputValues[index]?.tensor,
        tensor.elementType.isInteger, tensor.elementType == graph.type(of: name).elementType,
        graph.type(of: name).shape.map({ $0.dims.map(\.value) == tensor.shape.map { Optional($0) } }) ?? true
      else { return nil }
      result[name] = tensor
    }
    return result.isEmpty ? nil : result
  }
}
