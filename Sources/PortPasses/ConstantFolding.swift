import PortIR
import PortInterpreter
import PortOps

/// Evaluates nodes all of whose inputs are constants (initializers a caller cannot override) on the
/// reference interpreter and replaces them by initializers of the same names: Constant nodes
/// themselves (so later passes see their values), weight transposes, reshapes, casts,
/// dequantizations and arithmetic on constants run once instead of every inference.
///
/// Left alone: nodes with subgraphs, nondeterministic ops (Random*, Multinomial, Bernoulli,
/// Dropout), nodes outside the standard and ai.onnx.ml domains, nodes the interpreter refuses or
/// fails on, graph outputs, and results larger than `maxElements` (so folding never bloats a model).
public struct ConstantFolding: Pass {
  public let name = "ConstantFolding"
  public var maxElements: Int
  public init(maxElements: Int = 1 << 22) { self.maxElements = maxElements }

  /// Ops whose result is not a function of their inputs.
  static let nondeterministic: Set<String> = [
    "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli", "Dropout",
  ]

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var kept: [Node] = []
    for node in result.nodes {
      if let folded = fold(node, result) {
        for (name, tensor) in folded {
          result.initializers[name] = tensor
          result.types[name] = tensor.valueType
        }
      } else {
        kept.append(node)
      }
    }
    result.nodes = kept
    return result
  }

  /// The constants replacing every output of `node`, or nil when it stays.
  func fold(_ node: Node, _ graph: Graph) -> [String: Tensor]? {
    let domain = OpRegistry.canonicalDomain(node.domain)
    guard domain.isEmpty || domain == "ai.onnx.ml", node.subgraphs.isEmpty,
      !Self.nondeterministic.contains(node.opType),
      node.outputs.contains(where: { !$0.isEmpty }),
      node.outputs.allSatisfy({ !graph.outputs.contains($0) })
    else { return nil }
    var inputs: [HostValue?] = []
    for name in node.inputs {
      if name.isEmpty {
        inputs.append(nil)
        continue
      }
      guard let tensor = PassSupport.constant(name, in: graph) else { return nil }
      inputs.append(.tensor(tensor))
    }
    // A statically known large result is not even computed.
    for name in node.outputs where !name.isEmpty {
      if let count = graph.type(of: name).shape?.elementCount, count > maxElements { return nil }
    }
    guard let kernel = KernelRegistry.kernel(for: node), kernel.refusal(for: node, in: graph) == nil,
      let outputs = try? Interpreter.runNode(node, in: graph, inputs), outputs.count == node.outputs.count
    else { return nil }
    var result: [String: Tensor] = [:]
    for (name, value) in zip(node.outputs, outputs) where !name.isEmpty {
      guard let tensor = value?.tensor, tensor.count <= maxElements else { return nil }
      // The folded constant must have the type the graph recorded for the value.
      if let recorded = graph.type(of: name).elementType, recorded != tensor.elementType { return nil }
      if let shape = graph.type(of: name).shape, shape.rank != tensor.rank
        || zip(shape.dims, tensor.shape).contains(where: { dim, size in dim.value.map { $0 != size } ?? false })
      {
        return nil
      }
      result[name] = tensor
    }
    return result
  }
}
