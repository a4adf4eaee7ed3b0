import PortIR

/// PRelu(x, slope) with a constant slope → Add(Relu(x), Mul(Relu(Mul(x, −1)), −slope)), as
/// `LeakyReluToRelu` with the slope broadcast (the operator broadcasts slope to x one way only,
/// so the Mul's result keeps x's shape).
public struct PReluToRelu: LegalizationRule {
  public let name = "PReluToRelu"
  public let opTypes: Set<String> = ["PRelu"]
  public let summary = "PRelu(x, s) → Relu(x) + (−s) · Relu(−x)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard let x = node.input(0), let y = Legalization.soleOutput(node), let type = Legalization.floatType(x, in: graph),
      let slopeName = node.input(1), let slope = Legalization.constant(slopeName, in: graph), slope.elementType == type
    else { return .declined("needs a float input and a constant slope of its type") }
    var b = RewriteBuilder(graph, replacing: index)
    let negated = b.constant(Tensor(type, shape: slope.shape, doubles: slope.doubles().map { -$0 }), "minus_slope")
    LeakyReluToRelu.emit(x: x, type: type, negativeSlope: negated, output: y, &b)
    return b.outcome
  }
}
