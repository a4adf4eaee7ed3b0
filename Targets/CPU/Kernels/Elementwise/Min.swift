import CDNNL
import PortIR

/// Min: y = min(a, b) with broadcasting, a oneDNN binary in the full-size operand's layout.
enum MinLowering: CPUKernel {
  static let opType = "Min"
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard node.inputs.count == 2 else { return false }
    return try CPUPrimitives.binary(node, context, dnnl_binary_min, commutative: true)
  }
}
