import PortIR

/// Mish(x) = x · tanh(softplus(x)) → Mul(x, Tanh(Softplus(x))). Softplus may be legalized in turn.
public struct MishToSoftplus: LegalizationRule {
  public let name = "MishToSoftplus"
  public let opTypes: Set<String> = ["Mish"]
  public let summary = "Mish(x) → x · Tanh(Softplus(x))"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, _)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let softplus = b.emit("Softplus", [x])
    let tanh = b.emit("Tanh", [softplus])
    b.emit("Mul", [x, tanh], output: y)
    return b.outcome
  }
}
