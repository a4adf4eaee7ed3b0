import CDNNL
import PortIR

/// Exp: y = e^x, a oneDNN eltwise in the input's layout.
enum ExpLowering: CPUKernel {
  static let opType = "Exp"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_exp, 0, 0)
  }
}
