import PortIR

/// Pad (constant mode, value 0, non-negative pads on spatial axes only) whose only reader is a
/// Conv with explicit pads → the Conv with the pads added to its own. The Conv keeps its name.
public struct PadIntoConv: LegalizationRule {
  public let name = "PadIntoConv"
  public let opTypes: Set<String> = ["Pad"]
  public let summary = "Pad (zeros) folded into the following Conv's pads"
  public init() {}

  public func rewrite(_ index: Int, in graph: Graph) -> RuleOutcome {
    let pad = graph.nodes[index]
    guard (pad[attribute: "mode"]?.string ?? "constant") == "constant" else { return .declined("mode is not constant") }
    guard let x = pad.input(0), let padded = Legalization.soleOutput(pad), let rank = Legalization.shape(x, in: graph)?.rank,
      rank >= 3
    else { return .declined("needs an input of known rank ≥ 3") }
    if let value = pad.input(2) {
      guard let fill = Legalization.constant(value, in: graph), fill.doubles().allSatisfy({ $0 == 0 }) else {
        return .declined("the pad value is not a constant zero")
      }
    }
    guard let padsName = pad.input(1), let padsTensor = Legalization.constant(padsName, in: graph) else {
      return .declined("pads are not constant")
    }
    let pads = padsTensor.int64s().map(Int.init)
    var axes = Array(0..<rank)
    if let axesName = pad.input(3) {
      guard let given = Legalization.constant(axesName, in: graph) else { return .declined("axes are not constant") }
      axes = given.int64s().map { Int($0) < 0 ? Int($0) + rank : Int($0) }
    }
    guard pads.count == 2 * axes.count, axes.allSatisfy({ (0..<rank).contains($0) }) else { return .declined("malformed pads") }
    var before = Array(repeating: 0, count: rank)
    var after = Array(repeating: 0, count: rank)
    for (i, axis) in axes.enumerated() {
      before[axis] += pads[i]
      after[axis] += pads[i + axes.count]
    }
    guard (before + after).allSatisfy({ $0 >= 0 }) else { return .declined("negative pads crop") }
    guard before[0] == 0, before[1] == 0, after[0] == 0, after[1] == 0 else {
      return .declined("pads the batch or channel axis")
    }
    guard let convIndex = Legalization.soleReader(of: padded, in: graph) else { return .declined("more than one reader") }
    let conv = graph.nodes[convIndex]
    guard conv.opType == "Conv", Legalization.isStandard(conv), conv.input(0) == padded, conv.inputs.dropFirst().allSatisfy({ $0 != padded }),
      (conv[attribute: "auto_pad"]?.string ?? "NOTSET") == "NOTSET"
    else { return .declined("not read by a Conv with explicit pads") }
    let spatial = rank - 2
    let own = conv[attribute: "pads"]?.ints ?? Array(repeating: 0, count: 2 * spatial)
    guard own.count == 2 * spatial else { return .declined("the Conv's pads do not match the rank") }
    let merged = (0..<spatial).map { own[$0] + before[$0 + 2] } + (0..<spatial).map { own[spatial + $0] + after[$0 + 2] }
    var b = RewriteBuilder(graph, replacing: index)
    b.absorb(convIndex)
    var folded = conv
    folded.inputs[0] = x
    folded.attributes["pads"] = .ints(merged)
    b.emit(node: folded)
    return b.outcome
  }
}
