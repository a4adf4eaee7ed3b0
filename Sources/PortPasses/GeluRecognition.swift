import PortIR

/// Recognizes GELU exported decomposed, x·0.5·(1 + erf(x/√2)), and replaces it by the standard
/// `Gelu` (opset 20, approximate = "none"), so targets run one op (and fusion can absorb it).
///
/// The erf argument is Div(x, √2) or Mul(x, 1/√2) (constants as exported, e.g. 1.4142 or 0.7071);
/// then Add(·, 1) and the products in any of PyTorch's orders:
/// (x·t)·0.5, x·(t·0.5), or (x·0.5)·t. Every intermediate value must have this chain as its only
/// reader and not be a graph output; x itself may have other readers.
public struct GeluRecognition: LocalRewritePass {
  public let name = "GeluRecognition"
  public init() {}

  /// Relative tolerance on √2, 1/√2, 1 and 0.5 as written by exporters (float32 constants, 1.4142).
  static let tolerance = 1e-4

  /// The Div or Mul before the Erf goes, so the nodes after it move down.
  public var rescansAfterRewrite: Bool { true }

  /// Rewrites the GELU whose Erf is at `index`; false when the pattern does not match.
  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let erf = graph.nodes[index]
    guard F.isStandard(erf, "Erf"), erf.inputs.count == 1, erf.outputs.count == 1,
      let scaledIndex = graph.producers[erf.inputs[0]],
      F.soleReader(of: erf.inputs[0], graph, consumers) == index
    else { return false }
    // x / √2 or x · (1/√2).
    let scaled = graph.nodes[scaledIndex]
    let x: String
    if F.isStandard(scaled, "Div"), scaled.inputs.count == 2,
      F.isScalar(scaled.inputs[1], 2.0.squareRoot(), in: graph, tolerance: Self.tolerance)
    {
      x = scaled.inputs[0]
    } else if F.isStandard(scaled, "Mul"), scaled.inputs.count == 2,
      let side = (0..<2).first(where: { F.isScalar(scaled.inputs[$0], 0.5.squareRoot(), in: graph, tolerance: Self.tolerance) })
    {
      x = scaled.inputs[1 - side]
    } else {
      return false
    }
    guard !x.isEmpty, F.isFloatTensor(x, in: graph) else { return false }
    // erf(·) + 1
    guard let plusIndex = F.soleReader(of: erf.outputs[0], graph, consumers) else { return false }
    let plus = graph.nodes[plusIndex]
    guard F.isStandard(plus, "Add"), let one = F.otherInput(plus, than: erf.outputs[0]),
      F.isScalar(one, 1, in: graph, tolerance: Self.tolerance),
      let firstIndex = F.soleReader(of: plus.outputs[0], graph, consumers)
    else { return false }
    let first = graph.nodes[firstIndex]
    guard F.isStandard(first, "Mul"), let partner = F.otherInput(first, than: plus.outputs[0]) else { return false }
    let snapshot = graph
    func isHalf(_ name: String) -> Bool { F.isScalar(name, 0.5, in: snapshot, tolerance: Self.tolerance) }
    var chain = [scaledIndex, index, plusIndex, firstIndex]
    var result = first
    if partner == x || isHalf(partner) {
      // (x · t) · 0.5 or x · (t · 0.5): one more Mul by what `first` lacks.
      guard let secondIndex = F.soleReader(of: first.outputs[0], graph, consumers) else { return false }
      let second = graph.nodes[secondIndex]
      guard F.isStandard(second, "Mul"), let last = F.otherInput(second, than: first.outputs[0]),
        partner == x ? isHalf(last) : last == x
      else { return false }
      chain.append(secondIndex)
      result = second
    } else {
      // (x · 0.5) · t: `partner` is the half product, read only here.
      guard let halfIndex = graph.producers[partner], F.soleReader(of: partner, graph, consumers) == firstIndex
      else { return false }
      let half = graph.nodes[halfIndex]
      guard F.isStandard(half, "Mul"), let other = F.otherInput(half, than: x), isHalf(other) else { return false }
      chain.append(halfIndex)
    }
    guard result.outputs.count == 1, !result.outputs[0].isEmpty else { return false }
    // A constant of higher rank would have broadcast x to a larger result: then it is not GELU of x.
    if let xShape = graph.type(of: x).shape, let yShape = graph.type(of: result.outputs[0]).shape, xShape != yShape {
      return false
    }
    let gelu = Node(
      name: result.name, opType: "Gelu", inputs: [x], outputs: result.outputs,
      attributes: ["approximate": .string("none")], opsetVersion: 20)
    F.replace(chain, by: gelu, in: &graph)
    return true
  }
}
