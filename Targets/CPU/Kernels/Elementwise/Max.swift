import CDNNL
import PortIR

/// Max: y = max(a, b) with broadcasting, a oneDNN binary in the full-size operand's layout.
enum MaxLowering: CPUKernel {
  static let opType = "Max"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard node.inputs.count == 2 else { return false }
    return try CPUPrimitives.binary(node, context, dnnl_binary_max, commutative: true)
  }
}
