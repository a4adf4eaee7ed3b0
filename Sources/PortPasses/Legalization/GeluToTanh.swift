import Foundation
import PortIR

/// Gelu(x) (approximate = "tanh") = x/2 · (1 + tanh(√(2/π) · (x + 0.044715·x³))) →
/// the same formula with Mul/Add/Tanh, the cubic as x · (√(2/π) + √(2/π)·0.044715 · x²).
public struct GeluToTanh: LegalizationRule {
  public let name = "GeluToTanh"
  public let opTypes: Set<String> = ["Gelu"]
  public let summary = "Gelu(x; tanh) → 0.5 · x · (1 + Tanh(√(2/π) · (x + 0.044715 · x³)))"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let node = graph.nodes[index]
    guard node[attribute: "approximate"]?.string == "tanh" else { return .declined("approximate is not tanh") }
    guard case let (x, y, type)? = Legalization.unaryFloat(node, in: graph) else { return .declined(Legalization.notUnaryFloat) }
    let c = (2 / Double.pi).squareRoot()
    var b = RewriteBuilder(graph, replacing: index)
    let square = b.emit("Mul", [x, x])
    let cubic = b.scalar(c * 0.044715, type, "cubic")
    let scaledSquare = b.emit("Mul", [square, cubic])
    let linear = b.scalar(c, type, "sqrt_2_over_pi")
    let factor = b.emit("Add", [scaledSquare, linear])
    let inner = b.emit("Mul", [x, factor])
    let tanh = b.emit("Tanh", [inner])
    let one = b.scalar(1, type, "one")
    let gate = b.emit("Add", [tanh, one])
    let product = b.emit("Mul", [x, gate])
    let half = b.scalar(0.5, type, "half")
    b.emit("Mul", [product, half], output: y)
    return b.outcome
  }
}
