import PortIR

/// Conv on oneDNN (groups, depthwise, dilations, pads, auto_pad; 1-D to 3-D).
enum ConvLowering: CPUKernel {
  static let opType = "Conv"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    try CPUConvolution.lower(node, context, residual: nil, activation: nil)
  }
}
