import PortIR

/// Softplus(x) → Log(Add(Exp(x), 1)), the textbook form, for accelerators without Relu/Abs.
/// Exp overflows where the result is still finite, hence the caveat.
public struct SoftplusToExpLog: LegalizationRule {
  public let name = "SoftplusToExpLog"
  public let opTypes: Set<String> = ["Softplus"]
  public let summary = "Softplus(x) → Log(1 + Exp(x))"
  public let caveat: String? =
    "Softplus as Log(1 + Exp(x)) is infinite where Exp overflows (x > 88 in float32, x > 11 in float16) instead of ≈ x"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, type)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let exp = b.emit("Exp", [x])
    let one = b.scalar(1, type, "one")
    let sum = b.emit("Add", [exp, one])
    b.emit("Log", [sum], output: y)
    return b.outcome
  }
}
