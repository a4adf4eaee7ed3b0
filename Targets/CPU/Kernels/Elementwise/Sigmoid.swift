import CDNNL
import PortIR

/// Sigmoid: y = 1 / (1 + e^-x), a oneDNN eltwise in the input's layout.
enum SigmoidLowering: CPUKernel {
  static let opType = "Sigmoid"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_logistic, 0, 0)
  }
}
