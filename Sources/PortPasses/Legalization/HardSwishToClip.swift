import PortIR

/// HardSwish(x) → x · Clip(x + 3, 0, 6) · (1/6): the ReLU6 form, for accelerators with Clip
/// but no HardSigmoid. Multiplies by 1/6 rather than dividing, as Div is rarer than Mul.
public struct HardSwishToClip: LegalizationRule {
  public let name = "HardSwishToClip"
  public let opTypes: Set<String> = ["HardSwish"]
  public let summary = "HardSwish(x) → x · Clip(x + 3, 0, 6) · 1/6"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard case let (x, y, type)? = Legalization.unaryFloat(graph.nodes[index], in: graph) else {
      return .declined(Legalization.notUnaryFloat)
    }
    var b = RewriteBuilder(graph, replacing: index)
    let three = b.scalar(3, type, "three")
    let shifted = b.emit("Add", [x, three])
    let (low, high) = (b.scalar(0, type, "zero"), b.scalar(6, type, "six"))
    let relu6 = b.emit("Clip", [shifted, low, high])
    let product = b.emit("Mul", [x, relu6])
    let sixth = b.scalar(1.0 / 6, type, "sixth")
    b.emit("Mul", [product, sixth], output: y)
    return b.outcome
  }
}
