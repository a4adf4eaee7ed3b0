import PortIR

/// Merges a per-channel Mul or Add following an inference BatchNormalization into its scale and
/// bias: BN → Mul(s) gives γ' = γ·s, β' = β·s; BN → Add(c) gives β' = β + c (s and c of shape
/// [C, 1, 1], [1, C, 1, 1] or scalars; repeated while more follow). Caffe-era models write
/// BatchNorm then a separate Scale layer this way (DenseNet-121's pre-activation BN → Mul → Add).
/// Only with constant BN parameters, when each merged value is read only by the next step and is
/// not a graph output. The BN takes over the last merged node's output name.
public struct BatchNormAffineFolding: LocalRewritePass {
  public let name = "BatchNormAffineFolding"
  public init() {}

  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let bn = graph.nodes[index]
    guard F.isStandard(bn, "BatchNormalization"), bn.inputs.count == 5, let x = bn.input(0),
      let output = bn.outputs.first, !output.isEmpty, bn.outputs.dropFirst().allSatisfy(\.isEmpty),
      (bn[attribute: "training_mode"]?.int ?? 0) == 0,
      case .tensor(let elementType, let shape?) = graph.type(of: x), shape.rank >= 2,
      let gamma = PassSupport.constant(bn.inputs[1], in: graph), let beta = PassSupport.constant(bn.inputs[2], in: graph),
      PassSupport.isFloat(gamma.elementType), beta.elementType == gamma.elementType,
      let next = F.soleReader(of: output, graph, consumers)
    else { return false }
    let channels = gamma.count
    let node = graph.nodes[next]
    guard F.isStandard(node, "Mul") || F.isStandard(node, "Add"), node.outputs.count == 1, beta.count == channels,
      let other = F.otherInput(node, than: output), other != output,
      let values = F.perAxisConstant(other, axis: 1, size: channels, rank: shape.rank, elementType: elementType, in: graph)?
        .doubles()
    else { return false }
    var scale = gamma.doubles()
    var shift = beta.doubles()
    for c in 0..<channels {
      if node.opType == "Mul" {
        scale[c] *= values[c]
        shift[c] *= values[c]
      } else {
        shift[c] += values[c]
      }
    }
    let stem = bn.name.isEmpty ? "bn" : bn.name
    var folded = bn
    for (position, values, suffix) in [(1, scale, "scale"), (2, shift, "bias")] {
      let name = graph.freshName("\(stem)_\(suffix)_affine")
      let tensor = Tensor(gamma.elementType, shape: [channels], doubles: values)
      graph.initializers[name] = tensor
      graph.types[name] = tensor.valueType
      folded.inputs[position] = name
    }
    folded.outputs = node.outputs
    F.replace([index, next], by: folded, in: &graph)
    return true
  }
}
