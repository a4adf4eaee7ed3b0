import CDNNL
import PortIR

/// Div: y = a / b with broadcasting, a oneDNN binary in the full-size operand's layout.
enum DivLowering: CPUKernel {
  static let opType = "Div"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    return try CPUPrimitives.binary(node, context, dnnl_binary_div, commutative: false)
  }
}
