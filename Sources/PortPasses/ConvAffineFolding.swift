import PortIR

/// Folds a per-output-channel scale and shift following a Conv or ConvTranspose into its constant
/// weights and bias: a Mul by s gives W'[m] = W[m]·s[m], B'[m] = B[m]·s[m]; an Add of c gives
/// B'[m] = B[m] + c[m]; an inference BatchNormalization is the scale γ/√(var+ε) and shift β − mean·γ/√(var+ε)
/// (s and c of shape [C, 1, 1], [1, C, 1, 1] or scalars; repeated while more follow). Exporters write
/// learnable affine layers and biases this way (PP-OCR's LCNet: Conv → Mul → Add; its head:
/// ConvTranspose → Add → BatchNormalization). Only when the weights and bias are constants and each
/// folded value is read only by the next step and is not a graph output. The Conv takes over the last
/// folded node's output name. (Conv → BatchNormalization alone is BatchNormFolding's, which runs first.)
public struct ConvAffineFolding: LocalRewritePass {
  public let name = "ConvAffineFolding"
  public init() {}

  /// The per-channel scale (nil: 1) and shift a node reading `value` applies, when it is one.
  private func affine(_ node: Node, reading value: String, channels: Int, rank: Int, _ type: ElementType, in graph: Graph)
    -> (scale: [Double]?, shift: [Double])?
  {
    typealias F = FusionSupport
    guard let output = node.outputs.first, !output.isEmpty, node.outputs.dropFirst().allSatisfy(\.isEmpty) else {
      return nil
    }
    if F.isStandard(node, "Mul") || F.isStandard(node, "Add") {
      guard let other = F.otherInput(node, than: value), other != value,
        let values = F.perAxisConstant(other, axis: 1, size: channels, rank: rank, elementType: type, in: graph)?
          .doubles()
      else { return nil }
      return node.opType == "Mul" ? (values, Array(repeating: 0, count: channels)) : (nil, values)
    }
    guard F.isStandard(node, "BatchNormalization"), node.inputs.count == 5, node.inputs[0] == value,
      (node[attribute: "training_mode"]?.int ?? 0) == 0
    else { return nil }
    var parameters: [[Double]] = []
    for name in node.inputs.dropFirst() {
      guard let tensor = PassSupport.constant(name, in: graph), tensor.count == channels,
        PassSupport.isFloat(tensor.elementType)
      else { return nil }
      parameters.append(tensor.doubles())
    }
    let epsilon = Double(node[attribute: "epsilon"]?.float ?? 1e-5)
    let scale = (0..<channels).map { parameters[0][$0] / (parameters[3][$0] + epsilon).squareRoot() }
    return (scale, (0..<channels).map { parameters[1][$0] - parameters[2][$0] * scale[$0] })
  }

  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let conv = graph.nodes[index]
    let transposed = F.isStandard(conv, "ConvTranspose")
    let group = conv[attribute: "group"]?.int ?? 1
    guard F.isStandard(conv, "Conv") || transposed, conv.outputs.count == 1, let weightName = conv.input(1),
      let weights = PassSupport.constant(weightName, in: graph), PassSupport.isFloat(weights.elementType),
      weights.rank >= 3, group > 0, let next = F.soleReader(of: conv.outputs[0], graph, consumers)
    else { return false }
    // Output channels: W is [M, C/group, …] for Conv, [C, M/group, …] for ConvTranspose.
    let channels = transposed ? weights.shape[1] * group : weights.shape[0]
    guard !transposed || weights.shape[0] % group == 0 else { return false }
    var bias = [Double](repeating: 0, count: channels)
    if let biasName = conv.input(2) {
      guard let given = PassSupport.constant(biasName, in: graph), given.count == channels,
        given.elementType == weights.elementType
      else { return false }
      bias = given.doubles()
    }
    guard
      let (scale, shift) = affine(
        graph.nodes[next], reading: conv.outputs[0], channels: channels, rank: weights.rank, weights.elementType,
        in: graph)
    else { return false }
    let stem = conv.name.isEmpty ? "conv" : conv.name
    var folded = conv
    if let scale {
      var w = weights.doubles()
      let spatial = weights.count / max(1, weights.shape[0] * weights.shape[1])
      for i in 0..<weights.shape[0] {
        for j in 0..<weights.shape[1] {
          // The output channel this weight row feeds.
          let m = transposed ? (i / (weights.shape[0] / group)) * weights.shape[1] + j : i
          for k in 0..<spatial { w[(i * weights.shape[1] + j) * spatial + k] *= scale[m] }
        }
      }
      for m in 0..<channels { bias[m] *= scale[m] }
      let scaled = Tensor(weights.elementType, shape: weights.shape, doubles: w)
      let name = graph.freshName("\(stem)_W_scaled")
      graph.initializers[name] = scaled
      graph.types[name] = scaled.valueType
      folded.inputs[1] = name
    }
    for m in 0..<channels { bias[m] += shift[m] }
    let biasName = graph.freshName("\(stem)_B_affine")
    let biasTensor = Tensor(weights.elementType, shape: [channels], doubles: bias)
    graph.initializers[biasName] = biasTensor
    graph.types[biasName] = biasTensor.valueType
    folded.inputs = Array(folded.inputs.prefix(2)) + [biasName]
    folded.outputs = [graph.nodes[next].outputs[0]]
    F.replace([index, next], by: folded, in: &graph)
    return true
  }
}
