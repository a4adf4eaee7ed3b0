import PortIR

/// Sum(x₁, …, xₙ) → Add(…Add(Add(x₁, x₂), x₃)…, xₙ) (Identity-free: one input is declined).
/// With more than two inputs each partial sum is rounded to the element type.
public struct SumToAdd: LegalizationRule {
  public let name = "SumToAdd"
  public let opTypes: Set<String> = ["Sum"]
  public let summary = "Sum(x₁, …, xₙ) → a chain of n − 1 Adds"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), node.inputs.count >= 2, !node.inputs.contains(""),
      let y = Legalization.soleOutput(node)
    else { return .declined("needs at least two inputs and one output") }
    var b = RewriteBuilder(graph, replacing: index)
    var total = node.inputs[0]
    for (position, term) in node.inputs.enumerated().dropFirst() {
      total = b.emit("Add", [total, term], output: position == node.inputs.count - 1 ? y : nil)
    }
    return b.outcome
  }
}
