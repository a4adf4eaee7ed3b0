import CDNNL
import PortIR

/// Abs: y = |x|, a oneDNN eltwise in the input's layout.
enum AbsLowering: CPUKernel {
  static let opType = "Abs"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_abs, 0, 0)
  }
}
