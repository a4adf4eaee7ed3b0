import PortIR
import PortOps

/// Fuses a Conv with what follows it into one `com.modelport::FusedConv` (Y = act(Conv(X, W, B) + Z)),
/// taking in order, each optional:
/// 1. an Add of a per-channel constant (shape [C, 1, 1], [1, C, 1, 1] or a scalar), when the Conv
///    has no bias: it becomes B;
/// 2. an Add (or two-input Sum) of another tensor of exactly the result's shape (a residual): it becomes Z;
/// 3. an activation: Relu, LeakyRelu, Clip with constant bounds, Sigmoid, Tanh, HardSigmoid, HardSwish.
/// Each absorbed value must be read only by the next step and not be a graph output. A Conv with
/// nothing to absorb stays a Conv. The fused node takes the last absorbed node's output name and place.
public struct ConvFusion: LocalRewritePass {
  public let name = "ConvFusion"
  public init() {}

  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let conv = graph.nodes[index]
    guard F.isStandard(conv, "Conv"), conv.outputs.count == 1, !conv.outputs[0].isEmpty,
      conv.input(0) != nil, conv.input(1) != nil,
      case .tensor(let elementType, let outShape?) = graph.type(of: conv.outputs[0]), PassSupport.isFloat(elementType),
      outShape.rank >= 3, let channels = graph.type(of: conv.inputs[1]).shape?.dims.first?.value
    else { return false }
    var inputs = [conv.inputs[0], conv.inputs[1], conv.input(2) ?? "", ""]
    var attributes = conv.attributes
    var chain = [index]
    var current = conv.outputs[0]
    var last = conv
    var newBias: Tensor?
    while let next = F.soleReader(of: current, graph, consumers) {
      let node = graph.nodes[next]
      // A two-input Sum (older exports' residual) is an Add.
      let isAdd = F.isStandard(node, "Add") || (F.isStandard(node, "Sum") && node.inputs.count == 2)
      if isAdd, let other = F.otherInput(node, than: current), other != current {
        if inputs[2].isEmpty, inputs[3].isEmpty,
          let bias = F.perAxisConstant(
            other, axis: 1, size: channels, rank: outShape.rank, elementType: elementType, in: graph)
        {
          newBias = bias
        } else if inputs[3].isEmpty, F.sameShape(other, current, in: graph) {
          inputs[3] = other
        } else {
          break
        }
      } else if let activation = F.activation(node, in: graph, gelu: false) {
        attributes.merge(F.activationAttributes(activation)) { _, new in new }
        chain.append(next)
        last = node
        break
      } else {
        break
      }
      chain.append(next)
      last = node
      current = node.outputs[0]
    }
    guard chain.count > 1, last.outputs.count == 1 else { return false }
    if let newBias {
      let name = graph.freshName("\(conv.name.isEmpty ? "conv" : conv.name)_bias")
      graph.initializers[name] = newBias
      graph.types[name] = newBias.valueType
      inputs[2] = name
    }
    while inputs.last == "" { inputs.removeLast() }
    let fused = Node(
      name: conv.name, opType: "FusedConv", domain: FusedOps.domain, inputs: inputs, outputs: last.outputs,
      attributes: attributes, opsetVersion: 1)
    F.replace(chain, by: fused, in: &graph)
    return true
  }
}
