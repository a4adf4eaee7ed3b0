import CDNNL
import PortIR

/// Relu: y = max(x, 0), a oneDNN eltwise in the input's layout.
enum ReluLowering: CPUKernel {
  static let opType = "Relu"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_relu, 0, 0)
  }
}
