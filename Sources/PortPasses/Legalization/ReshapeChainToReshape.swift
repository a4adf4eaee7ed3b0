import PortIR

/// A chain of Reshape / Flatten / Squeeze / Unsqueeze (each the only reader of the one before)
/// → one Reshape from the chain's input to its final shape, written as constants (at most one
/// unknown dimension, as −1). All four keep the elements in order, so only the last shape
/// matters. A chain that ends in its input's own shape disappears: its readers read the input.
/// Triggered by any non-native link; the whole chain around it collapses.
public struct ReshapeChainToReshape: LegalizationRule {
  public let name = "ReshapeChainToReshape"
  public static let reshapes: Set<String> = ["Reshape", "Flatten", "Squeeze", "Unsqueeze"]
  public var opTypes: Set<String> { Self.reshapes }
  public let summary = "Reshape/Flatten/Squeeze/Unsqueeze chain → one Reshape to a constant shape"
  public init() {}

  private func isLink(_ node: Node) -> Bool {
    Legalization.isStandard(node) && Self.reshapes.contains(node.opType) && Legalization.soleOutput(node) != nil
      && node.input(0) != nil
  }

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    guard isLink(graph.nodes[index]) else { return .declined("needs one input and one output") }
    var first = index
    while let input = graph.nodes[first].input(0), let producer = Legalization.soleProducer(of: input, readBy: first, in: graph),
      isLink(graph.nodes[producer])
    {
      first = producer
    }
    var last = index
    while let output = Legalization.soleOutput(graph.nodes[last]), let reader = Legalization.soleReader(of: output, in: graph),
      isLink(graph.nodes[reader]), graph.nodes[reader].input(0) == output,
      !graph.nodes[reader].inputs.dropFirst().contains(output)
    {
      last = reader
    }
    guard let source = graph.nodes[first].input(0), let result = Legalization.soleOutput(graph.nodes[last]) else {
      return .declined("needs one input and one output")
    }
    guard let shape = Legalization.shape(result, in: graph), let target = Legalization.reshapeTarget(shape) else {
      return .declined("the final shape has more than one unknown dimension")
    }
    var b = RewriteBuilder(graph, replacing: index)
    var chain: [Int] = []
    var link = first
    while true {
      chain.append(link)
      b.absorb(link)
      if link == last { break }
      guard let output = Legalization.soleOutput(graph.nodes[link]), let next = Legalization.soleReader(of: output, in: graph)
      else { break }
      link = next
    }
    if let sourceShape = Legalization.shape(source, in: graph), sourceShape.isStatic, sourceShape == shape,
      !graph.outputs.contains(result)
    {
      b.alias(result, to: source)
      return b.outcome
    }
    if chain.count == 1, graph.nodes[index].opType == "Reshape", let given = graph.nodes[index].input(1),
      Legalization.constant(given, in: graph)?.int64s().map(Int.init) == target.dims
    {
      return .declined("already one Reshape to a constant shape")
    }
    let dims = b.ints(target.dims, "shape")
    b.emit("Reshape", [source, dims], target.allowZero ? ["allowzero": .int(1)] : [:], output: result)
    return b.outcome
  }
}
