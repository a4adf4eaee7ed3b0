import PortIR

/// HardSigmoid: y = max(0, min(1, alpha·x + beta)), a Swift kernel (oneDNN 2.6 has no such
/// eltwise, and linear + clip post-op is not exact at the clip bounds).
enum HardSigmoidLowering: CPUKernel {
  static let opType = "HardSigmoid"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    let alpha = node.attributes["alpha"]?.float ?? 0.2
    let beta = node.attributes["beta"]?.float ?? 0.5
    return try CPUSwiftKernels.unary(node, context) { x, y, count in
      for index in 0..<count { y[index] = max(0, min(1, alpha * x[index] + beta)) }
    }
  }
}
