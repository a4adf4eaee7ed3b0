import PortIR

/// Swish(x; α) = x · sigmoid(α·x) → Mul(x, Sigmoid(Mul(x, α))) (SiLU when α = 1, no inner Mul).
public struct SwishToSigmoid: LegalizationRule {
  public let name = "SwishToSigmoid"
  public let opTypes: Set<String> = ["Swish"]
  public let summary = "Swish(x; α) → x · Sigmoid(α · x)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard case let (x, y, type)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    var b = RewriteBuilder(graph, replacing: index)
    let alpha = Legalization.float(node, "alpha", 1)
    var argument = x
    if alpha != 1 {
      let a = b.scalar(alpha, type, "alpha")
      argument = b.emit("Mul", [x, a])
    }
    let gate = b.emit("Sigmoid", [argument])
    b.emit("Mul", [x, gate], output: y)
    return b.outcome
  }
}
