import PortIR

/// Div(x, c) with a constant float c → Mul(x, 1/c). The reciprocal is rounded once, so results
/// may differ from the division in the last place. Declined when 1/c overflows the type (a
/// subnormal c) where x/c would not.
public struct DivConstantToMul: LegalizationRule {
  public let name = "DivConstantToMul"
  public let opTypes: Set<String> = ["Div"]
  public let summary = "Div(x, constant c) → Mul(x, 1/c)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), let x = node.input(0), let c = node.input(1), let y = Legalization.soleOutput(node),
      let constant = Legalization.constant(c, in: graph)
    else { return .declined("the divisor is not a constant") }
    guard PassSupport.isFloat(constant.elementType) else { return .declined("integer division truncates") }
    let values = constant.doubles()
    let reciprocal = Tensor(constant.elementType, shape: constant.shape, doubles: values.map { 1 / $0 })
    for (value, inverse) in zip(values, reciprocal.doubles()) where value != 0 && value.isFinite && !inverse.isFinite {
      return .declined("1/\(value) overflows \(constant.elementType)")
    }
    var b = RewriteBuilder(graph, replacing: index)
    let name = b.constant(reciprocal, "reciprocal")
    b.emit("Mul", [x, name], output: y)
    return b.outcome
  }
}
