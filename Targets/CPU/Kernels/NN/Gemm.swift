import PortIR

/// Gemm on oneDNN's matmul: transA/transB, alpha, beta·C as bias.
enum GemmLowering: CPUKernel {
  static let opType = "Gemm"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUMatMul.gemm(node, context, activation: nil)
  }
}
