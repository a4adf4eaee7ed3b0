import PortIR

/// Sub(x, y) on float values → Add(x, Mul(y, −1)): multiplying by −1 is exact, so the result is
/// bit for bit the same. For accelerators with Add and Mul but no Sub.
public struct SubToAddOfNegation: LegalizationRule {
  public let name = "SubToAddOfNegation"
  public let opTypes: Set<String> = ["Sub"]
  public let summary = "Sub(x, y) → Add(x, −1 · y)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), let x = node.input(0), let subtrahend = node.input(1),
      let y = Legalization.soleOutput(node), let type = Legalization.floatType(subtrahend, in: graph)
    else { return .declined("needs float operands of known type") }
    var b = RewriteBuilder(graph, replacing: index)
    let minusOne = b.scalar(-1, type, "minus_one")
    let negated = b.emit("Mul", [subtrahend, minusOne])
    b.emit("Add", [x, negated], output: y)
    return b.outcome
  }
}
