import PortIR

/// A node the accelerator lacks whose inputs are all constants (Constant itself, Cast or Expand
/// of a constant, shape arithmetic left over) → its outputs as constants, computed by the
/// reference kernel, so nothing of it runs at all. Which nodes fold is `ConstantFolding`'s rule
/// (not random generators, control flow, graph outputs, or results over `maxElements`).
public struct ConstantFoldingRule: LegalizationRule {
  public let name = "ConstantFolding"
  public var opTypes: Set<String> { [] }
  public let summary = "an op on constants → its result as a constant"
  public var folding: ConstantFolding
  public init(maxElements: Int = 1 << 22) { folding = ConstantFolding(maxElements: maxElements) }

  public func applies(to opType: String) -> Bool { !ConstantFolding.nondeterministic.contains(opType) }

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard let folded = folding.fold(graph.nodes[index], graph) else {
      return .declined("not all inputs are constants, or the result is a graph output, too large or not computable")
    }
    var b = RewriteBuilder(graph, replacing: index)
    for output in graph.nodes[index].outputs where !output.isEmpty {
      guard let tensor = folded[output] else { return .declined("an output was not computed") }
      b.define(output, as: tensor)
    }
    return b.outcome
  }
}
