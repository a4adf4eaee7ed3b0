import PortIR

/// Reshape: a zero-copy view of the input's row-major buffer.
enum ReshapeLowering: CPUKernel {
  static let opType = "Reshape"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool { try CPUAlias.lower(node, context) }
}
