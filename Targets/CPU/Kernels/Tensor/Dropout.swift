import PortIR

/// Dropout in inference (training_mode absent or false, no mask output): the identity, a view.
enum DropoutLowering: CPUKernel {
  static let opType = "Dropout"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard node.input(2) == nil else { return false }
    return try CPUAlias.lower(node, context)
  }
}
