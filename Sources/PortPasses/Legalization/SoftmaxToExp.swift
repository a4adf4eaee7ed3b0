import PortIR

/// Softmax(x; axis) → e = Exp(x − ReduceMax(x)), e / ReduceSum(e), over the one axis (opset 13
/// semantics, the canonical form). Subtracting the maximum keeps Exp from overflowing, as the
/// operator's own definition does.
public struct SoftmaxToExp: LegalizationRule {
  public let name = "SoftmaxToExp"
  public let opTypes: Set<String> = ["Softmax"]
  public let summary = "Softmax → Exp(x − ReduceMax(x)) / ReduceSum(…)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard case let (x, y, _)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    var b = RewriteBuilder(graph, replacing: index)
    let axes = b.ints([node[attribute: "axis"]?.int ?? -1], "axes")
    let keep: [String: Attribute] = ["keepdims": .int(1)]
    let maximum = b.emit("ReduceMax", [x, axes], keep)
    let shifted = b.emit("Sub", [x, maximum])
    let exp = b.emit("Exp", [shifted])
    let sum = b.emit("ReduceSum", [exp, axes], keep)
    b.emit("Div", [exp, sum], output: y)
    return b.outcome
  }
}
