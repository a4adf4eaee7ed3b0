import PortIR

/// com.modelport FusedGemm: Y = act(Gemm(A, B, C)), the activation as a post-op.
enum FusedGemmLowering: CPUKernel {
  static let opType = "FusedGemm"
  static let domain = "com.modelport"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUMatMul.gemm(node, context, activation: node.attributes["activation"]?.string.map {
      ($0, node.attributes["activation_params"]?.floats ?? [])
    })
  }
}
