import PortIR

/// Softplus(x) = log(1 + eˣ) = max(x, 0) + log(1 + e^(−|x|)) → Relu/Abs/Mul/Exp/Add/Log/Add:
/// the form that cannot overflow (e^(−|x|) ≤ 1), preferred over `SoftplusToExpLog`.
public struct SoftplusToStableExpLog: LegalizationRule {
  public let name = "SoftplusToStableExpLog"
  public let opTypes: Set<String> = ["Softplus"]
  public let summary = "Softplus(x) → Relu(x) + Log(1 + Exp(−Abs(x)))"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, type)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let positive = b.emit("Relu", [x])
    let magnitude = b.emit("Abs", [x])
    let minusOne = b.scalar(-1, type, "minus_one")
    let negated = b.emit("Mul", [magnitude, minusOne])
    let exp = b.emit("Exp", [negated])
    let one = b.scalar(1, type, "one")
    let sum = b.emit("Add", [exp, one])
    let log = b.emit("Log", [sum])
    b.emit("Add", [positive, log], output: y)
    return b.outcome
  }
}
