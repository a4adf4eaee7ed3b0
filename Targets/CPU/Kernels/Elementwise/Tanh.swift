import CDNNL
import PortIR

/// Tanh: y = tanh(x), a oneDNN eltwise in the input's layout.
enum TanhLowering: CPUKernel {
  static let opType = "Tanh"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_tanh, 0, 0)
  }
}
