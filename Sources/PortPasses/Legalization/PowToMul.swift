import PortIR

/// Pow(x, 2) with a constant exponent 2 → Mul(x, x), exact (older exports of LayerNorm and
/// variance computations square this way).
public struct PowToMul: LegalizationRule {
  public let name = "PowToMul"
  public let opTypes: Set<String> = ["Pow"]
  public let summary = "Pow(x, 2) → x · x"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard let x = node.input(0), let y = Legalization.soleOutput(node), Legalization.floatType(x, in: graph) != nil,
      let exponentName = node.input(1), let exponent = Legalization.constant(exponentName, in: graph)
    else { return .declined("needs a float base and a constant exponent") }
    let values = exponent.doubles()
    guard !values.isEmpty, values.allSatisfy({ $0 == 2 }),
      // A non-scalar exponent could broadcast x to a larger shape.
      exponent.count == 1, exponent.rank <= (Legalization.shape(x, in: graph)?.rank ?? 0)
    else { return .declined("the exponent is not a scalar 2") }
    var b = RewriteBuilder(graph, replacing: index)
    b.emit("Mul", [x, x], output: y)
    return b.outcome
  }
}
