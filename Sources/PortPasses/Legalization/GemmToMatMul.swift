import PortIR

/// Gemm(A, B, C?; α, β, transA, transB) = α·A'·B' + β·C → MatMul(A', B') (+ Add C).
/// Transposes and α, β of constant operands fold into new constants; on values they become
/// Transpose and Mul nodes.
public struct GemmToMatMul: LegalizationRule {
  public let name = "GemmToMatMul"
  public let opTypes: Set<String> = ["Gemm"]
  public let summary = "Gemm → MatMul (+ Add), constant transposes and scales folded"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), let a = node.input(0), let bName = node.input(1),
      let y = Legalization.soleOutput(node), let type = graph.type(of: a).elementType
    else { return .declined("needs typed A and B and one output") }
    let alpha = Legalization.float(node, "alpha", 1)
    let beta = Legalization.float(node, "beta", 1)
    let opset = node.opsetVersion
    var b = RewriteBuilder(graph, replacing: index)

    /// An operand, transposed and scaled: folded when constant, else with nodes.
    func operand(_ name: String, transpose: Bool, scale: Double, _ base: String) -> String? {
      if let constant = Legalization.constant(name, in: graph) {
        guard transpose || scale != 1 else { return name }
        var folded = constant
        if transpose {
          guard let t = Legalization.evaluate("Transpose", [folded], ["perm": .ints([1, 0])], opset: opset) else { return nil }
          folded = t
        }
        if scale != 1 {
          guard let s = Legalization.evaluate("Mul", [folded, Tensor(type, shape: [], doubles: [scale])], opset: opset)
          else { return nil }
          folded = s
        }
        return b.constant(folded, base)
      }
      var value = name
      if transpose { value = b.emit("Transpose", [value], ["perm": .ints([1, 0])]) }
      if scale != 1 {
        let s = b.scalar(scale, type, "\(base)_scale")
        value = b.emit("Mul", [value, s])
      }
      return value
    }

    let bConstant = Legalization.constant(bName, in: graph) != nil
    guard let left = operand(a, transpose: (node[attribute: "transA"]?.int ?? 0) != 0, scale: 1, "A"),
      let right = operand(bName, transpose: (node[attribute: "transB"]?.int ?? 0) != 0, scale: bConstant ? alpha : 1, "B")
    else { return .declined("folding a constant failed") }
    let hasBias = node.input(2) != nil && beta != 0
    var product = b.emit("MatMul", [left, right], output: hasBias || (!bConstant && alpha != 1) ? nil : y)
    if !bConstant && alpha != 1 {
      let s = b.scalar(alpha, type, "alpha")
      product = b.emit("Mul", [product, s], output: hasBias ? nil : y)
    }
    if hasBias, let c = node.input(2) {
      guard let bias = operand(c, transpose: false, scale: beta, "C") else { return .declined("folding a constant failed") }
      b.emit("Add", [product, bias], output: y)
    }
    return b.outcome
  }
}
