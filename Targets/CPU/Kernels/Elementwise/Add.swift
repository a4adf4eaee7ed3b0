import CDNNL
import PortIR

/// Add: y = a + b with broadcasting, a oneDNN binary in the full-size operand's layout.
enum AddLowering: CPUKernel {
  static let opType = "Add"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    return try CPUPrimitives.binary(node, context, dnnl_binary_add, commutative: true)
  }
}
