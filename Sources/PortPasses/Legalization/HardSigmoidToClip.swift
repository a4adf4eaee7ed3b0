import PortIR

/// HardSigmoid(x; α, β) = max(0, min(1, α·x + β)) → Clip(Add(Mul(x, α), β), 0, 1).
/// The Mul (α = 1) and the Add (β = 0) are left out when they do nothing.
public struct HardSigmoidToClip: LegalizationRule {
  public let name = "HardSigmoidToClip"
  public let opTypes: Set<String> = ["HardSigmoid"]
  public let summary = "HardSigmoid(x; α, β) → Clip(α·x + β, 0, 1)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard case let (x, y, type)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    var b = RewriteBuilder(graph, replacing: index)
    let alpha = Legalization.float(node, "alpha", 0.2)
    let beta = Legalization.float(node, "beta", 0.5)
    var value = x
    if alpha != 1 {
      let a = b.scalar(alpha, type, "alpha")
      value = b.emit("Mul", [value, a])
    }
    if beta != 0 {
      let c = b.scalar(beta, type, "beta")
      value = b.emit("Add", [value, c])
    }
    let low = b.scalar(0, type, "zero")
    let high = b.scalar(1, type, "one")
    b.emit("Clip", [value, low, high], output: y)
    return b.outcome
  }
}
