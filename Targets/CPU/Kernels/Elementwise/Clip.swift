import CDNNL
import PortIR

/// Clip with constant bounds: a oneDNN clip eltwise.
enum ClipLowering: CPUKernel {
  static let opType = "Clip"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let (_, bounds) = CPUActivation.of(node, context.graph), bounds.count == 2 else { return false }
    return try CPUPrimitives.eltwise(node, context, dnnl_eltwise_clip, bounds[0], bounds[1])
  }
}
