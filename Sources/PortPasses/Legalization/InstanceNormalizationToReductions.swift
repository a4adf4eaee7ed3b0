import PortIR

/// InstanceNormalization(x, scale, B; ε) over the spatial axes of each (n, c) →
/// the LayerNormalization decomposition over axes 2 … rank − 1, then Mul by scale and Add of B
/// as constants shaped [C, 1, …, 1]. Float and double only, constant scale and B.
public struct InstanceNormalizationToReductions: LegalizationRule {
  public let name = "InstanceNormalizationToReductions"
  public let opTypes: Set<String> = ["InstanceNormalization"]
  public let summary = "InstanceNormalization → ReduceMean, Sub, Mul, ReduceMean, Add, Sqrt, Div, Mul, Add"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard case let (x, y, type)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    guard type == .float || type == .double else { return .declined("statistics in \(type) would lose precision") }
    guard let rank = Legalization.shape(x, in: graph)?.rank, rank >= 3 else { return .declined("needs a known rank ≥ 3") }
    guard let scaleName = node.input(1), let biasName = node.input(2), let scale = Legalization.constant(scaleName, in: graph),
      let bias = Legalization.constant(biasName, in: graph), scale.rank == 1, bias.shape == scale.shape
    else { return .declined("scale and B are not constant vectors") }
    let broadcast = scale.shape + Array(repeating: 1, count: rank - 2)
    var b = RewriteBuilder(graph, replacing: index)
    let normalized = LayerNormalizationToReductions.normalize(
      x, axes: Array(2..<rank), epsilon: Legalization.float(node, "epsilon", 1e-5), type: type, &b)
    let s = b.constant(Tensor(scale.elementType, shape: broadcast, bytes: scale.bytes), "scale")
    let t = b.constant(Tensor(bias.elementType, shape: broadcast, bytes: bias.bytes), "bias")
    let scaled = b.emit("Mul", [normalized, s])
    b.emit("Add", [scaled, t], output: y)
    return b.outcome
  }
}
