import PortIR

/// Sub(x, c) with a constant c → Add(x, −c), for float and signed integer types (negation is
/// exact; an integer c holding the type's minimum, whose negation overflows, is declined).
public struct SubConstantToAdd: LegalizationRule {
  public let name = "SubConstantToAdd"
  public let opTypes: Set<String> = ["Sub"]
  public let summary = "Sub(x, constant c) → Add(x, −c)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), let x = node.input(0), let c = node.input(1), let y = Legalization.soleOutput(node),
      let constant = Legalization.constant(c, in: graph)
    else { return .declined("the subtrahend is not a constant") }
    let type = constant.elementType
    let negated: Tensor
    if PassSupport.isFloat(type) {
      negated = Tensor(type, shape: constant.shape, doubles: constant.doubles().map { -$0 })
    } else if ([.int8, .int16, .int32, .int64] as [ElementType]).contains(type) {
      let values = constant.int64s()
      let minimum = -(Int64(1) << (type.bitWidth - 1))
      guard !values.contains(minimum) else { return .declined("negating the type's minimum overflows") }
      negated = Tensor(type, shape: constant.shape, int64s: values.map { -$0 })
    } else {
      return .declined("\(type) has no exact negation")
    }
    var b = RewriteBuilder(graph, replacing: index)
    let name = b.constant(negated, "negated")
    b.emit("Add", [x, name], output: y)
    return b.outcome
  }
}
