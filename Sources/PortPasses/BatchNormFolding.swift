import Foundation
import PortIR

/// Folds an inference-mode BatchNormalization into the Conv before it:
/// W'[m] = W[m]·s[m], b'[m] = (b[m] − mean[m])·s[m] + B[m], with s = scale / sqrt(var + ε).
/// Only when the Conv weights, its bias and all BN parameters are constants, and the BN is the
/// Conv output's only reader. The Conv takes over the BN's output name.
public struct BatchNormFolding: Pass {
  public let name = "BatchNormFolding"
  public init() {}

  public func run(_ graph: Graph) throws -> Graph {
    var result = PassSupport.mapSubgraphs(graph) { (try? run($0)) ?? $0 }
    var index = 0
    while index < result.nodes.count {
      if fold(at: index, in: &result) { continue }
      index += 1
    }
    return result
  }

  /// Folds the BN at `index` into its producing Conv; false when it does not qualify.
  private func fold(at index: Int, in graph: inout Graph) -> Bool {
    guard let folding = BatchNormFolding.folding(at: index, in: graph) else { return false }
    let conv = graph.nodes[folding.convIndex]
    let weightName = conv.inputs[1]
    let weightOut = graph.freshName("\(weightName)_bn_folded")
    graph.initializers[weightOut] = folding.weights
    let biasOut = graph.freshName("\(conv.input(2) ?? "\(conv.name)_bias")_bn_folded")
    graph.initializers[biasOut] = folding.bias

    var folded = conv
    folded.inputs = [conv.inputs[0], weightOut, biasOut]
    folded.outputs = [graph.nodes[index].outputs[0]]
    graph.nodes[folding.convIndex] = folded
    graph.nodes.remove(at: index)
    graph.types[conv.outputs[0]] = nil
    return true
  }

  /// The Conv a BN at `index` folds into, and the Conv's new weights and bias; nil when it does
  /// not qualify. Shared with legalization (`BatchNormIntoConv`).
  static func folding(at index: Int, in graph: Graph) -> (convIndex: Int, weights: Tensor, bias: Tensor)? {
    let bn = graph.nodes[index]
    guard bn.opType == "BatchNormalization", bn.domain.isEmpty || bn.domain == "ai.onnx",
      bn.inputs.count == 5, bn.outputs.first.map({ !$0.isEmpty }) == true,
      bn.outputs.dropFirst().allSatisfy(\.isEmpty), (bn[attribute: "training_mode"]?.int ?? 0) == 0,
      let x = bn.input(0), let producerIndex = graph.producers[x]
    else { return nil }
    let conv = graph.nodes[producerIndex]
    guard conv.opType == "Conv", conv.domain.isEmpty || conv.domain == "ai.onnx", conv.outputs == [x],
      !graph.outputs.contains(x), graph.consumers[x] == [index],
      let weightName = conv.input(1), let weights = PassSupport.constant(weightName, in: graph),
      PassSupport.isFloat(weights.elementType), weights.rank >= 2
    else { return nil }
    let channels = weights.shape[0]
    var parameters: [[Double]] = []
    for i in 1...4 {
      guard let name = bn.input(i), let tensor = PassSupport.constant(name, in: graph),
        tensor.count == channels, PassSupport.isFloat(tensor.elementType)
      else { return nil }
      parameters.append(tensor.doubles())
    }
    var convBias = [Double](repeating: 0, count: channels)
    if let biasName = conv.input(2) {
      guard let bias = PassSupport.constant(biasName, in: graph), bias.count == channels,
        bias.elementType == weights.elementType
      else { return nil }
      convBias = bias.doubles()
    }
    let epsilon = Double(bn[attribute: "epsilon"]?.float ?? 1e-5)
    let (scale, shift, mean, variance) = (parameters[0], parameters[1], parameters[2], parameters[3])
    let factors = (0..<channels).map { scale[$0] / (variance[$0] + epsilon).squareRoot() }
    let perChannel = channels == 0 ? 0 : weights.count / channels
    var newWeights = weights.doubles()
    for m in 0..<channels {
      for j in 0..<perChannel { newWeights[m * perChannel + j] *= factors[m] }
    }
    let newBias = (0..<channels).map { (convBias[$0] - mean[$0]) * factors[$0] + shift[$0] }
    return (
      producerIndex, Tensor(weights.elementType, shape: weights.shape, doubles: newWeights),
      Tensor(weights.elementType, shape: [channels], doubles: newBias)
    )
  }
}
