import Foundation
import PortIR

/// Recognizes layer normalization exported decomposed over the last axis,
///
///     m = ReduceMean(x); d = x − m; v = ReduceMean(d^2); y = d / Sqrt(v + ε) · γ + β
///
/// (d^2 as Pow(d, 2) or Mul(d, d); β optional) and replaces it by the standard
/// `LayerNormalization(x, γ, β)` (opset 17, axis −1, epsilon ε). γ and β must be constants that
/// hold one value per element of the last axis; every intermediate value must be read only inside
/// the pattern (d twice) and not be a graph output.
public struct LayerNormRecognition: LocalRewritePass {
  public let name = "LayerNormRecognition"
  public init() {}

  /// Whether `node` is a ReduceMean over only the last axis of a rank-`rank` input, keeping dims.
  private func isLastAxisMean(_ node: Node, rank: Int, in graph: Graph) -> Bool {
    guard FusionSupport.isStandard(node, "ReduceMean"), node.outputs.count == 1,
      (node[attribute: "keepdims"]?.int ?? 1) != 0
    else { return false }
    let axes: [Int]
    if let name = node.input(1) {
      guard let tensor = PassSupport.constant(name, in: graph), tensor.elementType.isInteger else { return false }
      axes = tensor.int64s().map { Int($0) }
    } else if let attribute = node[attribute: "axes"]?.ints {
      axes = attribute
    } else {
      return false
    }
    return axes == [-1] || axes == [rank - 1]
  }

  /// A constant holding one value per element of the last axis (shape [C], [1, C], …), as [C].
  private func perLastAxis(_ name: String, channels: Int, rank: Int, in graph: Graph) -> Tensor? {
    guard let tensor = PassSupport.constant(name, in: graph), PassSupport.isFloat(tensor.elementType),
      tensor.shape.last == channels, tensor.count == channels, tensor.rank <= rank
    else { return nil }
    return Tensor(tensor.elementType, shape: [channels], bytes: tensor.bytes)
  }

  /// Rewrites the pattern whose first ReduceMean is at `index`; false when it does not match.
  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let mean = graph.nodes[index]
    guard let x = mean.input(0), F.isFloatTensor(x, in: graph),
      let xShape = graph.type(of: x).shape, let elementType = graph.type(of: x).elementType,
      let channels = xShape.dims.last?.value,
      isLastAxisMean(mean, rank: xShape.rank, in: graph),
      let subIndex = F.soleReader(of: mean.outputs[0], graph, consumers)
    else { return false }
    let sub = graph.nodes[subIndex]
    guard F.isStandard(sub, "Sub"), sub.inputs == [x, mean.outputs[0]], sub.outputs.count == 1 else { return false }
    let d = sub.outputs[0]
    // d is read twice: by the square and by the division.
    guard !graph.outputs.contains(d), let readers = consumers[d], readers.count == 2 else { return false }
    var squareIndex: Int?
    var divIndex: Int?
    for reader in readers {
      let node = graph.nodes[reader]
      if F.isStandard(node, "Pow"), node.inputs.count == 2, node.inputs[0] == d, F.isScalar(node.inputs[1], 2, in: graph) {
        squareIndex = reader
      } else if F.isStandard(node, "Mul"), node.inputs == [d, d] {
        squareIndex = reader
      } else if F.isStandard(node, "Div"), node.inputs.count == 2, node.inputs[0] == d {
        divIndex = reader
      }
    }
    guard let squareIndex, let divIndex,
      let varianceIndex = F.soleReader(of: graph.nodes[squareIndex].outputs[0], graph, consumers),
      isLastAxisMean(graph.nodes[varianceIndex], rank: xShape.rank, in: graph),
      let epsIndex = F.soleReader(of: graph.nodes[varianceIndex].outputs[0], graph, consumers)
    else { return false }
    let epsAdd = graph.nodes[epsIndex]
    guard F.isStandard(epsAdd, "Add"), let epsName = F.otherInput(epsAdd, than: graph.nodes[varianceIndex].outputs[0]),
      let epsilon = F.scalar(epsName, in: graph), epsilon >= 0,
      let sqrtIndex = F.soleReader(of: epsAdd.outputs[0], graph, consumers), F.isStandard(graph.nodes[sqrtIndex], "Sqrt"),
      F.soleReader(of: graph.nodes[sqrtIndex].outputs[0], graph, consumers) == divIndex,
      graph.nodes[divIndex].inputs[1] == graph.nodes[sqrtIndex].outputs[0],
      let scaleIndex = F.soleReader(of: graph.nodes[divIndex].outputs[0], graph, consumers)
    else { return false }
    let scaleNode = graph.nodes[scaleIndex]
    guard F.isStandard(scaleNode, "Mul"), let gammaName = F.otherInput(scaleNode, than: graph.nodes[divIndex].outputs[0]),
      let gamma = perLastAxis(gammaName, channels: channels, rank: xShape.rank, in: graph), gamma.elementType == elementType
    else { return false }
    var chain = [index, subIndex, squareIndex, varianceIndex, epsIndex, sqrtIndex, divIndex, scaleIndex]
    var last = scaleNode
    var beta: Tensor?
    if let biasIndex = F.soleReader(of: scaleNode.outputs[0], graph, consumers) {
      let biasNode = graph.nodes[biasIndex]
      if F.isStandard(biasNode, "Add"), let betaName = F.otherInput(biasNode, than: scaleNode.outputs[0]),
        let found = perLastAxis(betaName, channels: channels, rank: xShape.rank, in: graph), found.elementType == elementType
      {
        beta = found
        chain.append(biasIndex)
        last = biasNode
      }
    }
    guard last.outputs.count == 1, !last.outputs[0].isEmpty else { return false }
    let gammaOut = graph.freshName("\(last.name)_scale")
    graph.initializers[gammaOut] = gamma
    var inputs = [x, gammaOut]
    if let beta {
      let betaOut = graph.freshName("\(last.name)_bias")
      graph.initializers[betaOut] = beta
      inputs.append(betaOut)
    }
    let layerNorm = Node(
      name: last.name, opType: "LayerNormalization", inputs: inputs, outputs: last.outputs,
      attributes: ["axis": .int(-1), "epsilon": .float(Float(epsilon))], opsetVersion: 17)
    F.replace(chain, by: layerNorm, in: &graph)
    return true
  }
}
