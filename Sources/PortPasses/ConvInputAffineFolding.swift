import PortIR

/// Folds a per-input-channel scale and shift feeding an unpadded Conv into its constant weights and
/// bias: Conv(x·a + b, W, B) = Conv(x, W', B') with W'[m, c, …] = W[m, c, …]·a[c] and
/// B'[m] = B[m] + Σ W[m, c, …]·b[c] (a, b of shape [C, 1, 1], [1, C, 1, 1] or scalars; either may be
/// absent). Exact only without padding — padded borders would see 0 instead of b — so the Conv
/// must have all pads 0 (auto_pad NOTSET or VALID). PP-OCR's LCNet writes such affine layers
/// between a hard-swish and its pointwise convolutions. Each folded value must be read only by the
/// next step and not be a graph output.
public struct ConvInputAffineFolding: LocalRewritePass {
  public let name = "ConvInputAffineFolding"
  public init() {}

  /// The affine nodes before the Conv go, so the nodes after them move down.
  public var rescansAfterRewrite: Bool { true }

  /// Folds the affine producing the input of the Conv at `index`; false when nothing qualifies.
  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let conv = graph.nodes[index]
    let group = conv[attribute: "group"]?.int ?? 1
    guard F.isStandard(conv, "Conv"), let input = conv.input(0), let weightName = conv.input(1),
      let weights = PassSupport.constant(weightName, in: graph), PassSupport.isFloat(weights.elementType),
      weights.rank >= 3, (conv[attribute: "pads"]?.ints ?? []).allSatisfy({ $0 == 0 }),
      ["NOTSET", "VALID"].contains(conv[attribute: "auto_pad"]?.string ?? "NOTSET"),
      case .tensor(_, let inputShape?) = graph.type(of: input), inputShape.rank == weights.rank,
      let channels = inputShape.dims[1].value, group > 0, weights.shape[0] % group == 0,
      channels == weights.shape[1] * group
    else { return false }
    // Walk back: an Add of a per-channel shift, then (or only) a Mul by a per-channel scale.
    var current = input
    var chain: [Int] = []
    var scale: [Double]?
    var shift: [Double]?
    func constantOperand(_ node: Node) -> (other: String, values: [Double])? {
      guard node.inputs.count == 2, node.outputs == [current] else { return nil }
      for side in 0..<2 {
        if let values = F.perAxisConstant(
          node.inputs[side], axis: 1, size: channels, rank: inputShape.rank, elementType: weights.elementType, in: graph)
        {
          return (node.inputs[1 - side], values.doubles())
        }
      }
      return nil
    }
    if let producer = graph.producers[current], F.soleReader(of: current, graph, consumers) != nil,
      F.isStandard(graph.nodes[producer], "Add"), let (other, values) = constantOperand(graph.nodes[producer]),
      F.sameShape(other, current, in: graph)
    {
      shift = values
      chain.append(producer)
      current = other
    }
    if let producer = graph.producers[current], F.soleReader(of: current, graph, consumers) != nil,
      F.isStandard(graph.nodes[producer], "Mul"), let (other, values) = constantOperand(graph.nodes[producer]),
      F.sameShape(other, current, in: graph)
    {
      scale = values
      chain.append(producer)
      current = other
    }
    guard !chain.isEmpty else { return false }
    let filters = weights.shape[0]
    let perGroupIn = weights.shape[1]
    let spatial = weights.count / max(1, filters * perGroupIn)
    let filtersPerGroup = filters / group
    let original = weights.doubles()
    var newWeights = original
    var bias = [Double](repeating: 0, count: filters)
    if let biasName = conv.input(2) {
      guard let given = PassSupport.constant(biasName, in: graph), given.count == filters else { return false }
      bias = given.doubles()
    }
    for m in 0..<filters {
      let g = m / max(1, filtersPerGroup)
      for cl in 0..<perGroupIn {
        let c = g * perGroupIn + cl
        for k in 0..<spatial {
          let at = (m * perGroupIn + cl) * spatial + k
          if let shift { bias[m] += original[at] * shift[c] }
          if let scale { newWeights[at] = original[at] * scale[c] }
        }
      }
    }
    let stem = conv.name.isEmpty ? "conv" : conv.name
    let weightOut = graph.freshName("\(stem)_W_input_affine")
    let biasOut = graph.freshName("\(stem)_B_input_affine")
    let w = Tensor(weights.elementType, shape: weights.shape, doubles: newWeights)
    let b = Tensor(weights.elementType, shape: [filters], doubles: bias)
    graph.initializers[weightOut] = w
    graph.initializers[biasOut] = b
    graph.types[weightOut] = w.valueType
    graph.types[biasOut] = b.valueType
    var folded = conv
    folded.inputs = [current, weightOut, biasOut]
    FusionSupport.replace(chain + [index], by: folded, in: &graph)
    return true
  }
}
