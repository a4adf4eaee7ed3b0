import PortIR

/// Gelu(x) (approximate = "none") = x/2 · (1 + erf(x/√2)) → Mul/Erf/Add/Mul/Mul.
/// For large negative x, 1 + erf(x/√2) cancels in the element type: the absolute error stays
/// within a few units in the last place of 1 times |x|/2, as any decomposed GELU has.
public struct GeluToErf: LegalizationRule {
  public let name = "GeluToErf"
  public let opTypes: Set<String> = ["Gelu"]
  public let summary = "Gelu(x) → 0.5 · x · (1 + Erf(x · 1/√2))"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard (node[attribute: "approximate"]?.string ?? "none") == "none" else { return .declined("approximate is not none") }
    guard case let (x, y, type)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    var b = RewriteBuilder(graph, replacing: index)
    let scale = b.scalar(1 / 2.0.squareRoot(), type, "inv_sqrt2")
    let scaled = b.emit("Mul", [x, scale])
    let erf = b.emit("Erf", [scaled])
    let one = b.scalar(1, type, "one")
    let gate = b.emit("Add", [erf, one])
    let product = b.emit("Mul", [x, gate])
    let half = b.scalar(0.5, type, "half")
    b.emit("Mul", [product, half], output: y)
    return b.outcome
  }
}
