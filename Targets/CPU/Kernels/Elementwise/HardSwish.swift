import CDNNL
import PortIR

/// HardSwish: y = x · max(0, min(1, x/6 + 1/2)), a oneDNN eltwise in the input's layout.
enum HardSwishLowering: CPUKernel {
  static let opType = "HardSwish"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUPrimitives.eltwise(node, context, dnnl_eltwise_hardswish, 0, 0)
  }
}
