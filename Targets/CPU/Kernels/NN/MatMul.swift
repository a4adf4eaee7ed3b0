import PortIR

/// MatMul (batched, broadcast) on oneDNN; constant B prepacked.
enum MatMulLowering: CPUKernel {
  static let opType = "MatMul"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUMatMul.matmul(node, context, bias: nil, activation: nil)
  }
}
