import PortIR

/// Clip(x, 0) with no upper bound (or +∞) on floats → Relu(x). A Clip(0, 6) (ReLU6) is not
/// rewritten: it stays a Clip.
public struct ClipToRelu: LegalizationRule {
  public let name = "ClipToRelu"
  public let opTypes: Set<String> = ["Clip"]
  public let summary = "Clip(x, 0, +∞) → Relu(x)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard case let (x, y, _)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    guard let low = node.input(1), Legalization.constant(low, in: graph)?.doubles() == [0] else {
      return .declined("the lower bound is not a constant 0")
    }
    if let high = node.input(2) {
      guard Legalization.constant(high, in: graph)?.doubles() == [.infinity] else { return .declined("it has an upper bound") }
    }
    var b = RewriteBuilder(graph, replacing: index)
    b.emit("Relu", [x], output: y)
    return b.outcome
  }
}
