import PortIR

/// Mul: (qa − za)(qb − zb) in int32, requantized by sa·sb/sy.
enum MulIntegerKernel: IntegerKernel {
  static let opTypes = ["Mul"]

  static func refusal(for node: Node, in graph: Graph) -> String? { QuantSupport.binaryRefusal(node, graph) }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    let a = try context.activation(node.inputs[0])
    let b = try context.activation(node.inputs[1])
    let output = try context.calibrated(node.outputs[0])
    guard let shape = context.shape(node.outputs[0]) else { throw node.failure("output shape is not static") }
    let (multipliers, shifts) = QuantSupport.multipliers([Double(a.scale) * Double(b.scale) / Double(output.scale)])
    return QuantizedStep(
      kernel: name, node: node, inputs: Array(node.inputs.prefix(2)), outputs: [node.outputs[0]],
      ints: ["shape": shape, "clamp": context.clamp(for: node, output)],
      constants: ["multiplier": IntegerBlob(int32: multipliers), "shift": IntegerBlob(int32: shifts)],
      outputParameters: [output])
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let multipliers = try step.constant("multiplier").values
    let shifts = try step.constant("shift").values
    guard let m = multipliers.first, let s = shifts.first else { throw step.failure("needs a multiplier") }
    let mult = FixedPoint.Multiplier(multiplier: m, shift: s)
    return try QuantSupport.binary(step, inputs) { x, y in FixedPoint.multiply(x &* y, mult) }
  }
}
