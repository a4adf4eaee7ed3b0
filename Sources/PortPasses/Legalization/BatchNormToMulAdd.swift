import PortIR

/// A standalone inference BatchNormalization with constant parameters →
/// Add(Mul(x, s), t) with s = scale / √(var + ε), t = B − mean · s, shaped [C, 1, …, 1] to
/// broadcast over the channel axis 1.
public struct BatchNormToMulAdd: LegalizationRule {
  public let name = "BatchNormToMulAdd"
  public let opTypes: Set<String> = ["BatchNormalization"]
  public let summary = "BatchNormalization → Mul + Add by per-channel constants"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard node.inputs.count == 5, let x = node.input(0), let y = node.outputs.first, !y.isEmpty,
      node.outputs.dropFirst().allSatisfy(\.isEmpty), (node[attribute: "training_mode"]?.int ?? 0) == 0
    else { return .declined("not in inference form with one output") }
    guard let type = Legalization.floatType(x, in: graph), let shape = Legalization.shape(x, in: graph), shape.rank >= 2
    else { return .declined("needs a float input of rank ≥ 2") }
    var parameters: [[Double]] = []
    for i in 1...4 {
      guard let name = node.input(i), let tensor = Legalization.constant(name, in: graph), tensor.rank == 1 else {
        return .declined("its parameters are not constant vectors")
      }
      parameters.append(tensor.doubles())
    }
    let channels = parameters[0].count
    guard parameters.allSatisfy({ $0.count == channels }), shape.dims[1].value.map({ $0 == channels }) ?? true else {
      return .declined("parameter lengths do not match the channels")
    }
    let epsilon = Legalization.float(node, "epsilon", 1e-5)
    let scale = (0..<channels).map { parameters[0][$0] / (parameters[3][$0] + epsilon).squareRoot() }
    let shift = (0..<channels).map { parameters[1][$0] - parameters[2][$0] * scale[$0] }
    let broadcast = [channels] + Array(repeating: 1, count: shape.rank - 2)
    var b = RewriteBuilder(graph, replacing: index)
    let s = b.constant(Tensor(type, shape: broadcast, doubles: scale), "scale")
    let t = b.constant(Tensor(type, shape: broadcast, doubles: shift), "shift")
    let scaled = b.emit("Mul", [x, s])
    b.emit("Add", [scaled, t], output: y)
    return b.outcome
  }
}
