import CDNNL
import PortIR

/// Log: y = ln x, a oneDNN eltwise in the input's layout.
enum LogLowering: CPUKernel {
  static let opType = "Log"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_log, 0, 0)
  }
}
