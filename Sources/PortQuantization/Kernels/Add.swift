import PortIR

/// Add (and two-operand Sum), as TFLite's int8 ADD: both operands are rescaled to a common scale
/// (twice the larger input scale) with 20 bits of headroom, added, and requantized to the output.
enum AddIntegerKernel: IntegerKernel {
  static let opTypes = ["Add", "Sum"]
  static let headroom: Int32 = 20

  static func refusal(for node: Node, in graph: Graph) -> String? { QuantSupport.binaryRefusal(node, graph) }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    let a = try context.activation(node.inputs[0])
    let b = try context.activation(node.inputs[1])
    let output = try context.calibrated(node.outputs[0])
    guard let shape = context.shape(node.outputs[0]) else { throw node.failure("output shape is not static") }
    let twice = 2 * max(Double(a.scale), Double(b.scale))
    let (multipliers, shifts) = QuantSupport.multipliers([
      Double(a.scale) / twice, Double(b.scale) / twice,
      twice / (Double(1 << headroom) * Double(output.scale)),
    ])
    return QuantizedStep(
      kernel: name, node: node, inputs: Array(node.inputs.prefix(2)), outputs: [node.outputs[0]],
      ints: ["shape": shape, "clamp": context.clamp(for: node, output)],
      constants: ["multiplier": IntegerBlob(int32: multipliers), "shift": IntegerBlob(int32: shifts)],
      outputParameters: [output])
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let multipliers = try step.constant("multiplier").values
    let shifts = try step.constant("shift").values
    guard multipliers.count == 3, shifts.count == 3 else { throw step.failure("needs three multipliers") }
    let ma = FixedPoint.Multiplier(multiplier: multipliers[0], shift: shifts[0])
    let mb = FixedPoint.Multiplier(multiplier: multipliers[1], shift: shifts[1])
    let my = FixedPoint.Multiplier(multiplier: multipliers[2], shift: shifts[2])
    return try QuantSupport.binary(step, inputs) { x, y in
      let sum = FixedPoint.multiply(x << headroom, ma) &+ FixedPoint.multiply(y << headroom, mb)
      return FixedPoint.multiply(sum, my)
    }
  }
}
