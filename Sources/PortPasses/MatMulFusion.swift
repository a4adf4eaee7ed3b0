import PortIR
import PortOps

/// Fuses a floating-point MatMul with what follows it into one `com.modelport::FusedMatMul`
/// (Y = act(MatMul(A, B) + Bias)), taking in order, each optional but at least one:
/// 1. an Add of a constant holding one value per element of the last axis (shape [N], [1, N], …,
///    or a scalar): it becomes the 1-D Bias;
/// 2. an activation: Relu, LeakyRelu, Clip with constant bounds, Sigmoid, Tanh, HardSigmoid,
///    HardSwish, exact Gelu.
/// Each absorbed value must be read only by the next step and not be a graph output. This is the
/// batched (N-D) counterpart of MatMulAddToGemm, which runs first and takes the 2-D cases.
public struct MatMulFusion: LocalRewritePass {
  public let name = "MatMulFusion"
  public init() {}

  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let matmul = graph.nodes[index]
    guard F.isStandard(matmul, "MatMul"), matmul.inputs.count == 2, matmul.outputs.count == 1,
      case .tensor(let elementType, let outShape?) = graph.type(of: matmul.outputs[0]),
      PassSupport.isFloat(elementType), outShape.rank >= 1,
      let n = outShape.dims.last?.value ?? graph.type(of: matmul.inputs[1]).shape?.dims.last?.value
    else { return false }
    var chain = [index]
    var current = matmul.outputs[0]
    var last = matmul
    var bias: Tensor?
    var attributes: [String: Attribute] = [:]
    if let next = F.soleReader(of: current, graph, consumers), F.isStandard(graph.nodes[next], "Add"),
      let other = F.otherInput(graph.nodes[next], than: current),
      let found = F.perAxisConstant(
        other, axis: outShape.rank - 1, size: n, rank: outShape.rank, elementType: elementType, in: graph)
    {
      bias = found
      chain.append(next)
      last = graph.nodes[next]
      current = last.outputs[0]
    }
    if let next = F.soleReader(of: current, graph, consumers),
      let activation = F.activation(graph.nodes[next], in: graph, gelu: true)
    {
      attributes = F.activationAttributes(activation)
      chain.append(next)
      last = graph.nodes[next]
    }
    guard chain.count > 1, last.outputs.count == 1 else { return false }
    var inputs = matmul.inputs
    if let bias {
      let name = graph.freshName("\(matmul.name.isEmpty ? "matmul" : matmul.name)_bias")
      graph.initializers[name] = bias
      graph.types[name] = bias.valueType
      inputs.append(name)
    }
    let fused = Node(
      name: matmul.name, opType: "FusedMatMul", domain: FusedOps.domain, inputs: inputs, outputs: last.outputs,
      attributes: attributes, opsetVersion: 1)
    F.replace(chain, by: fused, in: &graph)
    return true
  }
}
