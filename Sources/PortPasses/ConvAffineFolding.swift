import PortIR

/// Folds a per-output-channel scale and shift following a Conv into its constant weights and bias:
/// Conv → Mul(s) gives W'[m] = W[m]·s[m], B'[m] = B[m]·s[m]; Conv → Add(c) gives B'[m] = B[m] + c[m]
/// (s and c of shape [C, 1, 1], [1, C, 1, 1] or scalars; repeated while more follow). Exporters
/// write BatchNormalization and learnable affine layers this way (PP-OCR's LCNet: Conv → Mul → Add).
/// Only when the Conv's weights and bias are constants and each folded value is read only by
/// the next step and is not a graph output. The Conv takes over the last folded node's output name.
public struct ConvAffineFolding: Pass {
  public let name = "ConvAffineFolding"
  public init() {}

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var consumers = result.consumers
    var index = 0
    while index < result.nodes.count {
      if fold(at: index, in: &result, consumers) {
        // The Conv moved to its reader's place, where the loop meets it again for a next fold.
        consumers = result.consumers
        continue
      }
      index += 1
    }
    return result
  }

  private func fold(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let conv = graph.nodes[index]
    guard F.isStandard(conv, "Conv"), conv.outputs.count == 1, let weightName = conv.input(1),
      let weights = PassSupport.constant(weightName, in: graph), PassSupport.isFloat(weights.elementType),
      weights.rank >= 3, let next = F.soleReader(of: conv.outputs[0], graph, consumers)
    else { return false }
    let channels = weights.shape[0]
    var bias = [Double](repeating: 0, count: channels)
    if let biasName = conv.input(2) {
      guard let given = PassSupport.constant(biasName, in: graph), given.count == channels,
        given.elementType == weights.elementType
      else { return false }
      bias = given.doubles()
    }
    let node = graph.nodes[next]
    guard F.isStandard(node, "Mul") || F.isStandard(node, "Add"), node.outputs.count == 1,
      let other = F.otherInput(node, than: conv.outputs[0]), other != conv.outputs[0],
      let values = F.perAxisConstant(
        other, axis: 1, size: channels, rank: weights.rank, elementType: weights.elementType, in: graph)?.doubles()
    else { return false }
    var newWeights = weights
    if node.opType == "Mul" {
      let perChannel = channels == 0 ? 0 : weights.count / channels
      var w = weights.doubles()
      for m in 0..<channels {
        for j in 0..<perChannel { w[m * perChannel + j] *= values[m] }
        bias[m] *= values[m]
      }
      newWeights = Tensor(weights.elementType, shape: weights.shape, doubles: w)
    } else {
      for m in 0..<channels { bias[m] += values[m] }
    }
    let stem = conv.name.isEmpty ? "conv" : conv.name
    var folded = conv
    if node.opType == "Mul" {
      let name = graph.freshName("\(stem)_W_scaled")
      graph.initializers[name] = newWeights
      graph.types[name] = newWeights.valueType
      folded.inputs[1] = name
    }
    let biasName = graph.freshName("\(stem)_B_affine")
    let biasTensor = Tensor(weights.elementType, shape: [channels], doubles: bias)
    graph.initializers[biasName] = biasTensor
    graph.types[biasName] = biasTensor.valueType
    folded.inputs = Array(folded.inputs.prefix(2)) + [biasName]
    folded.outputs = node.outputs
    F.replace([index, next], by: folded, in: &graph)
    return true
  }
}
