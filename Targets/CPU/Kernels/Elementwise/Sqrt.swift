import CDNNL
import PortIR

/// Sqrt: y = √x, a oneDNN eltwise in the input's layout.
enum SqrtLowering: CPUKernel {
  static let opType = "Sqrt"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_sqrt, 0, 0)
  }
}
