import PortIR

/// com.modelport FusedConv: Y = act(Conv(X, W, B) + Z), the sum and activation as post-ops.
enum FusedConvLowering: CPUKernel {
  static let opType = "FusedConv"
  static let domain = "com.modelport"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    var activation: (name: String, params: [Float])?
    if let name = node.attributes["activation"]?.string {
      activation = (name, node.attributes["activation_params"]?.floats ?? [])
    }
    return try CPUConvolution.lower(node, context, residual: node.input(3), activation: activation)
  }
}
