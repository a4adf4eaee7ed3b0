import PortIR

/// Sigmoid(x) = (1 + tanh(x/2)) / 2 → Add(Mul(Tanh(Mul(x, 0.5)), 0.5), 0.5): an identity, for
/// accelerators with Tanh but no Sigmoid. Far in the negative tail the sum cancels: the absolute
/// error stays within an ulp of 1/2.
public struct SigmoidToTanh: LegalizationRule {
  public let name = "SigmoidToTanh"
  public let opTypes: Set<String> = ["Sigmoid"]
  public let summary = "Sigmoid(x) → 0.5 · Tanh(0.5 · x) + 0.5"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, type)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let half = b.scalar(0.5, type, "half")
    let scaled = b.emit("Mul", [x, half])
    let tanh = b.emit("Tanh", [scaled])
    let halved = b.emit("Mul", [tanh, half])
    b.emit("Add", [halved, half], output: y)
    return b.outcome
  }
}
