import PortIR

/// com.modelport FusedMatMul: Y = act(MatMul(A, B) + Bias), Bias over the last dim.
enum FusedMatMulLowering: CPUKernel {
  static let opType = "FusedMatMul"
  static let domain = "com.modelport"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUMatMul.matmul(node, context, bias: node.input(2), activation: node.attributes["activation"]?.string.map {
      ($0, node.attributes["activation_params"]?.floats ?? [])
    })
  }
}
