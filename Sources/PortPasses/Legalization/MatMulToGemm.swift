import PortIR

/// MatMul(A, W) with a constant 2-D W → Gemm(A, W), for accelerators with only a fully connected
/// unit. A of rank above 2 is flattened to [−1, K] and the result reshaped back (when its shape
/// has at most one unknown dimension).
public struct MatMulToGemm: LegalizationRule {
  public let name = "MatMulToGemm"
  public let opTypes: Set<String> = ["MatMul"]
  public let summary = "MatMul(A, constant W) → Gemm(A, W) (with Reshapes for rank > 2)"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard Legalization.isStandard(node), let a = node.input(0), let w = node.input(1), let y = Legalization.soleOutput(node)
    else { return .declined("needs two inputs and one output") }
    guard let weights = Legalization.constant(w, in: graph), weights.rank == 2 else {
      return .declined("the second operand is not a constant matrix")
    }
    guard let shape = Legalization.shape(a, in: graph), shape.rank >= 2 else { return .declined("A's rank is unknown or below 2") }
    var b = RewriteBuilder(graph, replacing: index)
    if shape.rank == 2 {
      b.emit("Gemm", [a, w], output: y)
      return b.outcome
    }
    guard let target = Legalization.shape(y, in: graph).flatMap(Legalization.reshapeTarget), !target.allowZero else {
      return .declined("the result's shape has more than one unknown dimension")
    }
    let rows = b.ints([-1, weights.shape[0]], "rows")
    let flat = b.emit("Reshape", [a, rows])
    let product = b.emit("Gemm", [flat, w])
    let back = b.ints(target.dims, "shape")
    b.emit("Reshape", [product, back], output: y)
    return b.outcome
  }
}
