import PortIR
import PortInterpreter

/// A node the accelerator lacks whose inputs are all constants (Constant itself, Cast or Expand
/// of a constant, shape arithmetic left over) → its outputs as constants, computed by the
/// reference kernel, so nothing of it runs at all. Not for random generators (each run differs),
/// control flow, graph outputs (they stay computed), or results over `maxElements`.
public struct ConstantFolding: LegalizationRule {
  public let name = "ConstantFolding"
  public var opTypes: Set<String> { [] }
  public let summary = "an op on constants → its result as a constant"
  public var maxElements: Int
  public init(maxElements: Int = 1 << 22) { self.maxElements = maxElements }

  static let nondeterministic: Set<String> = [
    "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Bernoulli", "Multinomial",
  ]

  public func applies(to opType: String) -> Bool { !Self.nondeterministic.contains(opType) }

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), node.subgraphs.isEmpty else { return .declined("has a subgraph") }
    var values: [HostValue?] = []
    for input in node.inputs {
      if input.isEmpty {
        values.append(nil)
        continue
      }
      guard let constant = Legalization.constant(input, in: graph) else { return .declined("an input is not constant") }
      values.append(.tensor(constant))
    }
    guard !node.outputs.contains(where: graph.outputs.contains) else { return .declined("its result is a graph output") }
    guard let results = try? Interpreter.runNode(node, in: graph, values), results.count == node.outputs.count else {
      return .declined("the reference kernel could not compute it")
    }
    var b = RewriteBuilder(graph, replacing: index)
    for (output, result) in zip(node.outputs, results) where !output.isEmpty {
      guard let tensor = result?.tensor, tensor.count <= maxElements else {
        return .declined("its result is not a tensor of at most \(maxElements) elements")
      }
      b.define(output, as: tensor)
    }
    return b.outcome
  }
}
