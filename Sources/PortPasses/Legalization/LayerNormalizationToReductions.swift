import PortIR

/// LayerNormalization(X, scale, B?; axis, ε) over the axes from `axis` to the last →
/// mean = ReduceMean(X), d = X − mean, var = ReduceMean(d·d), Y = d / Sqrt(var + ε) · scale + B.
/// Only when the Mean and InvStdDev outputs are unused, and for float and double: in float16 the
/// statistics would be kept in float16, where the operator keeps them in `stash_type` (float).
public struct LayerNormalizationToReductions: LegalizationRule {
  public let name = "LayerNormalizationToReductions"
  public let opTypes: Set<String> = ["LayerNormalization"]
  public let summary = "LayerNormalization → ReduceMean, Sub, Mul, ReduceMean, Add, Sqrt, Div, Mul, Add"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard let x = node.input(0), let scale = node.input(1), let y = node.outputs.first, !y.isEmpty,
      let type = Legalization.floatType(x, in: graph)
    else { return .declined(Legalization.notUnaryFloat) }
    guard type == .float || type == .double else { return .declined("statistics in \(type) would lose precision") }
    for extra in node.outputs.dropFirst() where !extra.isEmpty {
      if graph.outputs.contains(extra) || graph.consumers[extra] != nil { return .declined("its Mean or InvStdDev output is read") }
    }
    guard let rank = Legalization.shape(x, in: graph)?.rank else { return .declined("the input's rank is unknown") }
    var axis = node[attribute: "axis"]?.int ?? -1
    if axis < 0 { axis += rank }
    guard axis >= 0, axis < rank else { return .declined("axis is out of range") }
    let epsilon = Legalization.float(node, "epsilon", 1e-5)

    var b = RewriteBuilder(graph, replacing: index)
    let normalized = Self.normalize(x, axes: Array(axis..<rank), epsilon: epsilon, type: type, &b)
    if let bias = node.input(2) {
      let scaled = b.emit("Mul", [normalized, scale])
      b.emit("Add", [scaled, bias], output: y)
    } else {
      b.emit("Mul", [normalized, scale], output: y)
    }
    return b.outcome
  }

  /// (x − mean) / √(var + ε) over `axes`, statistics kept as [.., 1, ..]; shared with InstanceNormalization.
  static func normalize(_ x: String, axes: [Int], epsilon: Double, type: ElementType, _ b: inout RewriteBuilder) -> String {
    let axesName = b.ints(axes, "axes")
    let keep: [String: Attribute] = ["keepdims": .int(1)]
    let mean = b.emit("ReduceMean", [x, axesName], keep)
    let centered = b.emit("Sub", [x, mean])
    let squared = b.emit("Mul", [centered, centered])
    let variance = b.emit("ReduceMean", [squared, axesName], keep)
    let eps = b.scalar(epsilon, type, "epsilon")
    let shifted = b.emit("Add", [variance, eps])
    let deviation = b.emit("Sqrt", [shifted])
    return b.emit("Div", [centered, deviation])
  }
}
