import PortIR

/// HardSwish(x) = x · max(0, min(1, x/6 + 1/2)) → Mul(x, HardSigmoid(x; α = 1/6, β = 1/2)).
public struct HardSwishToHardSigmoid: LegalizationRule {
  public let name = "HardSwishToHardSigmoid"
  public let opTypes: Set<String> = ["HardSwish"]
  public let summary = "HardSwish(x) → x · HardSigmoid(x; 1/6, 1/2)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, _)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let gate = b.emit("HardSigmoid", [x], ["alpha": .float(Float(1.0 / 6)), "beta": .float(0.5)])
    b.emit("Mul", [x, gate], output: y)
    return b.outcome
  }
}
