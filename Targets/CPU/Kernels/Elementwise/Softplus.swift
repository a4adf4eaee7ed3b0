import CDNNL
import PortIR

/// Softplus: y = ln(1 + e^x), a oneDNN eltwise in the input's layout.
enum SoftplusLowering: CPUKernel {
  static let opType = "Softplus"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_soft_relu, 0, 0)
  }
}
