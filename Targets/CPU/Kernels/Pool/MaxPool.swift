import CDNNL
import PortIR

/// MaxPool (without the Indices output) on oneDNN, ceil_mode and dilations included.
enum MaxPoolLowering: CPUKernel {
  static let opType = "MaxPool"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard node.outputs.count == 1 || node.outputs[1].isEmpty, (node.attributes["storage_order"]?.int ?? 0) == 0,
      let window = CPUPrimitives.poolingWindow(node, context)
    else { return false }
    return try CPUPrimitives.pooling(
      node, context, dnnl_pooling_max, kernel: window.kernel, strides: window.strides, dilations: window.dilations,
      padding: (window.begin, window.end))
  }
}
