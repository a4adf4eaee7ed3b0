import PortIR

/// Recognizes hard-swish exported decomposed and replaces it by the standard `HardSwish`
/// (opset 14), which fusion can then absorb into a Conv:
/// - x · Clip(x + 3, 0, 6) / 6, the division as Div(·, 6) or Mul(·, 1/6), before or after the
///   product with x (Paddle's and older PyTorch exports);
/// - x · HardSigmoid(x) with alpha 1/6 and beta 0.5.
/// Every intermediate value must be read only inside the pattern and not be a graph output.
public struct HardSwishRecognition: LocalRewritePass {
  public let name = "HardSwishRecognition"
  public init() {}

  static let tolerance = 1e-5

  /// Whether `node` divides by 6 (Div by 6 or Mul by 1/6) the value `value`.
  private func dividesBySix(_ node: Node, _ value: String, in graph: Graph) -> Bool {
    typealias F = FusionSupport
    if F.isStandard(node, "Div"), node.inputs.count == 2, node.inputs[0] == value {
      return F.isScalar(node.inputs[1], 6, in: graph, tolerance: Self.tolerance)
    }
    if F.isStandard(node, "Mul"), let other = F.otherInput(node, than: value) {
      return F.isScalar(other, 1.0 / 6, in: graph, tolerance: Self.tolerance)
    }
    return false
  }

  /// Rewrites the pattern whose gate (Clip or HardSigmoid) is at `index`; false when it does not match.
  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let gate = graph.nodes[index]
    guard gate.outputs.count == 1, let gateInput = gate.input(0),
      let gateReader = F.soleReader(of: gate.outputs[0], graph, consumers)
    else { return false }
    var chain = [index]
    let x: String
    if F.isStandard(gate, "HardSigmoid") {
      guard F.isFloatTensor(gateInput, in: graph),
        abs(Double(gate[attribute: "alpha"]?.float ?? 0.2) - 1.0 / 6) <= Self.tolerance,
        abs(Double(gate[attribute: "beta"]?.float ?? 0.5) - 0.5) <= Self.tolerance
      else { return false }
      x = gateInput
      let product = graph.nodes[gateReader]
      guard F.isStandard(product, "Mul"), F.otherInput(product, than: gate.outputs[0]) == x else { return false }
      chain.append(gateReader)
      return finish(chain, x: x, in: &graph)
    }
    // Clip(x + 3, 0, 6)
    guard F.isStandard(gate, "Clip"), gate.inputs.count == 3,
      F.isScalar(gate.inputs[1], 0, in: graph), F.isScalar(gate.inputs[2], 6, in: graph),
      let shiftIndex = graph.producers[gateInput], F.soleReader(of: gateInput, graph, consumers) == index
    else { return false }
    let shift = graph.nodes[shiftIndex]
    guard F.isStandard(shift, "Add"), shift.inputs.count == 2,
      let side = (0..<2).first(where: { F.isScalar(shift.inputs[$0], 3, in: graph, tolerance: Self.tolerance) })
    else { return false }
    x = shift.inputs[1 - side]
    guard F.isFloatTensor(x, in: graph) else { return false }
    chain.insert(shiftIndex, at: 0)
    let next = graph.nodes[gateReader]
    chain.append(gateReader)
    if F.isStandard(next, "Mul"), F.otherInput(next, than: gate.outputs[0]) == x {
      // (x · clip) / 6
      guard let divIndex = F.soleReader(of: next.outputs[0], graph, consumers),
        dividesBySix(graph.nodes[divIndex], next.outputs[0], in: graph)
      else { return false }
      chain.append(divIndex)
    } else if dividesBySix(next, gate.outputs[0], in: graph) {
      // x · (clip / 6)
      guard let productIndex = F.soleReader(of: next.outputs[0], graph, consumers),
        F.isStandard(graph.nodes[productIndex], "Mul"),
        F.otherInput(graph.nodes[productIndex], than: next.outputs[0]) == x
      else { return false }
      chain.append(productIndex)
    } else {
      return false
    }
    return finish(chain, x: x, in: &graph)
  }

  /// Replaces `chain` (its last node giving the result) by HardSwish(x), unless a constant broadcast
  /// the result to a shape other than x's.
  private func finish(_ chain: [Int], x: String, in graph: inout Graph) -> Bool {
    guard let lastIndex = chain.last else { return false }
    let last = graph.nodes[lastIndex]
    guard last.outputs.count == 1, !last.outputs[0].isEmpty else { return false }
    if let xShape = graph.type(of: x).shape, let yShape = graph.type(of: last.outputs[0]).shape, xShape != yShape {
      return false
    }
    let node = Node(name: last.name, opType: "HardSwish", inputs: [x], outputs: last.outputs, opsetVersion: 14)
    FusionSupport.replace(chain, by: node, in: &graph)
    return true
  }
}
