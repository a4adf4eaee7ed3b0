import CDNNL
import PortIR

/// Neg: y = −x, a oneDNN eltwise in the input's layout.
enum NegLowering: CPUKernel {
  static let opType = "Neg"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_linear, -1, 0)
  }
}
