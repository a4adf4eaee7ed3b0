import PortIR

/// Identity: a zero-copy view of the input's row-major buffer.
enum IdentityLowering: CPUKernel {
  static let opType = "Identity"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool { try CPUAlias.lower(node, context) }
}
