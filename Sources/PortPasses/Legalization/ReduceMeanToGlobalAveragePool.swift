import PortIR

/// ReduceMean over every spatial axis (2 … rank − 1) of a float tensor of rank ≥ 3 →
/// GlobalAveragePool, followed by a Reshape when the reduced axes are not kept.
public struct ReduceMeanToGlobalAveragePool: LegalizationRule {
  public let name = "ReduceMeanToGlobalAveragePool"
  public let opTypes: Set<String> = ["ReduceMean"]
  public let summary = "ReduceMean over H, W (all spatial axes) → GlobalAveragePool (+ Reshape)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard case let (x, y, _)? = Legalization.unaryFloat(node, in: graph), let rank = Legalization.shape(x, in: graph)?.rank, rank >= 3
    else { return .declined("needs a float input of known rank ≥ 3") }
    guard let axesName = node.input(1), let axesTensor = Legalization.constant(axesName, in: graph) else {
      return .declined("axes are not constant")
    }
    let axes = Set(axesTensor.int64s().map { Int($0) < 0 ? Int($0) + rank : Int($0) })
    guard axes == Set(2..<rank) else { return .declined("does not reduce exactly the spatial axes") }
    var b = RewriteBuilder(graph, replacing: index)
    if (node[attribute: "keepdims"]?.int ?? 1) != 0 {
      b.emit("GlobalAveragePool", [x], output: y)
      return b.outcome
    }
    guard let target = Legalization.shape(y, in: graph).flatMap(Legalization.reshapeTarget) else {
      return .declined("the result's shape has more than one unknown dimension")
    }
    let pooled = b.emit("GlobalAveragePool", [x])
    let shape = b.ints(target.dims, "shape")
    b.emit("Reshape", [pooled, shape], target.allowZero ? ["allowzero": .int(1)] : [:], output: y)
    return b.outcome
  }
}
