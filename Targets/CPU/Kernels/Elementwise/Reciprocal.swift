import CDNNL
import PortIR

/// Reciprocal: y = 1/x, a oneDNN eltwise in the input's layout.
enum ReciprocalLowering: CPUKernel {
  static let opType = "Reciprocal"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_pow, 1, -1)
  }
}
