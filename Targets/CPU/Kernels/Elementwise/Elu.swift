import CDNNL
import PortIR

/// Elu: y = x ≥ 0 ? x : alpha·(e^x − 1), a oneDNN eltwise in the input's layout.
enum EluLowering: CPUKernel {
  static let opType = "Elu"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_elu, node.attributes["alpha"]?.float ?? 1, 0)
  }
}
