import CDNNL
import PortIR

/// Mish: y = x · tanh(softplus(x)), a oneDNN eltwise in the input's layout.
enum MishLowering: CPUKernel {
  static let opType = "Mish"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_mish, 0, 0)
  }
}
