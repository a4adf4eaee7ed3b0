import CDNNL
import PortIR

/// LeakyRelu: y = x ≥ 0 ? x : alpha·x, a oneDNN eltwise in the input's layout.
enum LeakyReluLowering: CPUKernel {
  static let opType = "LeakyRelu"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_relu, node.attributes["alpha"]?.float ?? 0.01, 0)
  }
}
