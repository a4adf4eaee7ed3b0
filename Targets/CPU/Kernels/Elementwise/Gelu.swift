import CDNNL
import PortIR

/// Gelu: the erf form, or the tanh approximation, as a oneDNN eltwise.
enum GeluLowering: CPUKernel {
  static let opType = "Gelu"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    let tanh = (node.attributes["approximate"]?.string ?? "none") == "tanh"
    return try CPUPrimitives.eltwise(node, context, tanh ? dnnl_eltwise_gelu_tanh : dnnl_eltwise_gelu_erf, 0, 0)
  }
}
