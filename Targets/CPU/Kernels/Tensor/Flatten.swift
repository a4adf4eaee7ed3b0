import PortIR

/// Flatten: a zero-copy view of the input's row-major buffer.
enum FlattenLowering: CPUKernel {
  static let opType = "Flatten"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool { try CPUAlias.lower(node, context) }
}
