import CDNNL
import PortIR

/// Sub: y = a − b with broadcasting, a oneDNN binary in the full-size operand's layout.
enum SubLowering: CPUKernel {
  static let opType = "Sub"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    return try CPUPrimitives.binary(node, context, dnnl_binary_sub, commutative: false)
  }
}
