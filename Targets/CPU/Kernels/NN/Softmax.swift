import CDNNL
import PortIR

/// Softmax along one axis (the canonical opset-13 form), row-major.
enum SoftmaxLowering: CPUKernel {
  static let opType = "Softmax"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUNormalization.softmax(node, context, dnnl_softmax_accurate)
  }
}
