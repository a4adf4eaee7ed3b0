import PortIR

/// BatchNormalization (inference) after a Conv that only it reads → the Conv with scaled weights
/// and bias, as the `BatchNormFolding` pass computes them. The Conv keeps its name and takes
/// over the BN's output.
public struct BatchNormIntoConv: LegalizationRule {
  public let name = "BatchNormIntoConv"
  public let opTypes: Set<String> = ["BatchNormalization"]
  public let summary = "BatchNormalization folded into the preceding Conv's weights and bias"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard let folding = BatchNormFolding.folding(at: index, in: graph) else {
      return .declined("no preceding Conv with constant weights read only by it, or non-constant parameters")
    }
    let conv = graph.nodes[folding.convIndex]
    var b = RewriteBuilder(graph, replacing: index)
    b.absorb(folding.convIndex)
    var folded = conv
    folded.inputs = [conv.inputs[0], b.constant(folding.weights, "weights"), b.constant(folding.bias, "bias")]
    folded.outputs = [graph.nodes[index].outputs[0]]
    b.emit(node: folded)
    return b.outcome
  }
}
