import CDNNL
import PortIR

/// AveragePool on oneDNN: count_include_pad picks whether padding counts in the divisor.
enum AveragePoolLowering: CPUKernel {
  static let opType = "AveragePool"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let window = CPUPrimitives.poolingWindow(node, context) else { return false }
    let include = (node.attributes["count_include_pad"]?.int ?? 0) != 0
    return try CPUPrimitives.pooling(
      node, context, include ? dnnl_pooling_avg_include_padding : dnnl_pooling_avg_exclude_padding,
      kernel: window.kernel, strides: window.strides, dilations: window.dilations, padding: (window.begin, window.end))
  }
}
