import PortIR
import PortOps

/// Fuses a Gemm and the activation reading it (Relu, LeakyRelu, Clip with constant bounds, Sigmoid,
/// Tanh, HardSigmoid, HardSwish, exact Gelu) into one `com.modelport::FusedGemm`, when the Gemm's
/// result is read only by that activation and is not a graph output.
public struct GemmFusion: LocalRewritePass {
  public let name = "GemmFusion"
  public init() {}

  public func rewrite(at index: Int, in graph: inout Graph, _ consumers: [String: [Int]]) -> Bool {
    typealias F = FusionSupport
    let gemm = graph.nodes[index]
    guard F.isStandard(gemm, "Gemm"), gemm.outputs.count == 1, F.isFloatTensor(gemm.outputs[0], in: graph),
      let next = F.soleReader(of: gemm.outputs[0], graph, consumers),
      let activation = F.activation(graph.nodes[next], in: graph, gelu: true)
    else { return false }
    let fused = Node(
      name: gemm.name, opType: "FusedGemm", domain: FusedOps.domain, inputs: gemm.inputs,
      outputs: graph.nodes[next].outputs,
      attributes: gemm.attributes.merging(F.activationAttributes(activation)) { _, new in new }, opsetVersion: 1)
    F.replace([index, next], by: fused, in: &graph)
    return true
  }
}
