import PortIR

/// Relu(x) on floats → Clip(x, 0), no upper bound: the same function, for accelerators whose
/// activation unit is a clamp.
public struct ReluToClip: LegalizationRule {
  public let name = "ReluToClip"
  public let opTypes: Set<String> = ["Relu"]
  public let summary = "Relu(x) → Clip(x, 0)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, type)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let zero = b.scalar(0, type, "zero")
    b.emit("Clip", [x, zero], output: y)
    return b.outcome
  }
}
