import PortIR

/// Unsqueeze: a zero-copy view of the input's row-major buffer.
enum UnsqueezeLowering: CPUKernel {
  static let opType = "Unsqueeze"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool { try CPUAlias.lower(node, context) }
}
