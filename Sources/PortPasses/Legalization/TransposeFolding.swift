import PortIR

/// Transpose of a Transpose that only it reads → one Transpose with the composed permutation,
/// or nothing when they cancel (readers then read the first one's input).
public struct TransposeFolding: LegalizationRule {
  public let name = "TransposeFolding"
  public let opTypes: Set<String> = ["Transpose"]
  public let summary = "Transpose pairs composed or cancelled"
  public init() {}

  static func permutation(_ node: Node, rank: Int) -> [Int] {
    node[attribute: "perm"]?.ints ?? Array((0..<rank).reversed())
  }

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), let x = node.input(0), let y = Legalization.soleOutput(node) else {
      return .declined("needs one input and one output")
    }
    var b = RewriteBuilder(graph, replacing: index)
    guard let producer = Legalization.soleProducer(of: x, readBy: index, in: graph),
      graph.nodes[producer].opType == "Transpose", Legalization.isStandard(graph.nodes[producer]),
      let source = graph.nodes[producer].input(0), let rank = Legalization.shape(source, in: graph)?.rank
    else { return .declined("its input is not another Transpose's output") }
    let inner = Self.permutation(graph.nodes[producer], rank: rank)
    let outer = Self.permutation(node, rank: rank)
    guard inner.count == rank, outer.count == rank, outer.allSatisfy({ (0..<rank).contains($0) }) else {
      return .declined("malformed perm")
    }
    // out[i] = mid[outer[i]] = source[inner[outer[i]]].
    let composed = outer.map { inner[$0] }
    b.absorb(producer)
    if composed == Array(0..<rank), !graph.outputs.contains(y) {
      b.alias(y, to: source)
      return b.outcome
    }
    b.emit("Transpose", [source], ["perm": .ints(composed)], output: y)
    return b.outcome
  }
}
