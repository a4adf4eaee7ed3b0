import CDNNL
import PortIR

/// LogSoftmax along one axis, row-major.
enum LogSoftmaxLowering: CPUKernel {
  static let opType = "LogSoftmax"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUNormalization.softmax(node, context, dnnl_softmax_log)
  }
}
