import PortIR

/// Rewrites a 2-D MatMul by a constant matrix followed by Add of a constant bias into one Gemm,
/// when the bias broadcasts to [N] (shape [N], [1, N], [1] or scalar) and the Add is the
/// MatMul's only reader. The Gemm takes over the Add's output name.
public struct MatMulAddToGemm: Pass {
  public let name = "MatMulAddToGemm"
  public init() {}

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var index = 0
    while index < result.nodes.count {
      if fuse(at: index, in: &result) { continue }
      index += 1
    }
    return result
  }

  private func fuse(at index: Int, in graph: inout Graph) -> Bool {
    let add = graph.nodes[index]
    guard add.opType == "Add", add.domain.isEmpty || add.domain == "ai.onnx", add.inputs.count == 2,
      add.outputs.count == 1, !add.outputs[0].isEmpty
    else { return false }
    let producers = graph.producers
    for side in 0..<2 {
      let product = add.inputs[side]
      let biasName = add.inputs[1 - side]
      guard let producerIndex = producers[product], let bias = PassSupport.constant(biasName, in: graph) else { continue }
      let matmul = graph.nodes[producerIndex]
      guard matmul.opType == "MatMul", matmul.domain.isEmpty || matmul.domain == "ai.onnx",
        matmul.inputs.count == 2, matmul.outputs == [product], !graph.outputs.contains(product),
        graph.consumers[product] == [index],
        let weights = PassSupport.constant(matmul.inputs[1], in: graph), weights.rank == 2,
        case .tensor(let elementType, let aShape?) = graph.type(of: matmul.inputs[0]), aShape.rank == 2,
        PassSupport.isFloat(elementType), weights.elementType == elementType, bias.elementType == elementType
      else { continue }
      let n = weights.shape[1]
      let biasFits = bias.shape == [n] || bias.shape == [1, n] || bias.shape == [1] || bias.shape == []
      guard biasFits else { continue }
      var gemm = Node(
        name: matmul.name, opType: "Gemm", inputs: [matmul.inputs[0], matmul.inputs[1], biasName],
        outputs: add.outputs, opsetVersion: matmul.opsetVersion)
      gemm.attributes = [:]
      graph.nodes[producerIndex] = gemm
      graph.nodes.remove(at: index)
      graph.types[product] = nil
      return true
    }
    return false
  }
}
