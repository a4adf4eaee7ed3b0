import PortIR

/// Squeeze: a zero-copy view of the input's row-major buffer.
enum SqueezeLowering: CPUKernel {
  static let opType = "Squeeze"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool { try CPUAlias.lower(node, context) }
}
