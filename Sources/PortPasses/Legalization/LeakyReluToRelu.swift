import PortIR

/// LeakyRelu(x; α) = max(x, 0) + α·min(x, 0) → Add(Relu(x), Mul(Relu(Mul(x, −1)), −α)).
/// Exact: one side of the sum is always zero, and α·x is rounded once as in the operator.
/// Only Relu, Mul and Add, which every accelerator has.
public struct LeakyReluToRelu: LegalizationRule {
  public let name = "LeakyReluToRelu"
  public let opTypes: Set<String> = ["LeakyRelu"]
  public let summary = "LeakyRelu(x; α) → Relu(x) + (−α) · Relu(−x)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard case let (x, y, type)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    var b = RewriteBuilder(graph, replacing: index)
    let alpha = b.scalar(-Legalization.float(node, "alpha", 0.01), type, "minus_alpha")
    Self.emit(x: x, type: type, negativeSlope: alpha, output: y, &b)
    return b.outcome
  }

  /// Relu(x) + slope · Relu(−x), where `slope` holds the negated slope; shared with PRelu.
  static func emit(x: String, type: ElementType, negativeSlope: String, output: String, _ b: inout RewriteBuilder) {
    let positive = b.emit("Relu", [x])
    let minusOne = b.scalar(-1, type, "minus_one")
    let negated = b.emit("Mul", [x, minusOne])
    let negative = b.emit("Relu", [negated])
    let scaled = b.emit("Mul", [negative, negativeSlope])
    b.emit("Add", [positive, scaled], output: output)
  }
}
