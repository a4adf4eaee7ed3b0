import PortIR

/// LayerNormalization (Y only; Mean/InvStdDev outputs go to the interpreter) on oneDNN.
enum LayerNormalizationLowering: CPUKernel {
  static let opType = "LayerNormalization"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool { try CPUNormalization.layerNorm(node, context) }
}
