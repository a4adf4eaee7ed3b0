import PortIR

/// Neg(x) on floats → Mul(x, −1), which is exact.
public struct NegToMul: LegalizationRule {
  public let name = "NegToMul"
  public let opTypes: Set<String> = ["Neg"]
  public let summary = "Neg(x) → x · (−1)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, type)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let minusOne = b.scalar(-1, type, "minus_one")
    b.emit("Mul", [x, minusOne], output: y)
    return b.outcome
  }
}
