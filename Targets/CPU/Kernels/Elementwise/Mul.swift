import CDNNL
import PortIR

/// Mul: y = a · b with broadcasting, a oneDNN binary in the full-size operand's layout.
enum MulLowering: CPUKernel {
  static let opType = "Mul"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    return try CPUPrimitives.binary(node, context, dnnl_binary_mul, commutative: true)
  }
}
