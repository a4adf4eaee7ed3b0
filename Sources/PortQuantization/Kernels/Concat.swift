import PortIR

/// Concat: each input requantized to the output's parameters (a copy where they already agree).
enum ConcatIntegerKernel: IntegerKernel {
  static let opTypes = ["Concat"]

  static func refusal(for node: Node, in graph: Graph) -> String? {
    QuantSupport.staticFloatRefusal(node, graph)
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    let inputs = node.inputs.filter { !$0.isEmpty }
    let parameters = try inputs.map { try context.activation($0) }
    let output = try context.calibrated(node.outputs[0])
    guard let shape = context.shape(node.outputs[0]) else { throw node.failure("output shape is not static") }
    let axis = try QuantSupport.axis(node.int("axis", 0), rank: shape.count, node)
    let (multipliers, shifts) = QuantSupport.multipliers(parameters.map { Double($0.scale) / Double(output.scale) })
    return QuantizedStep(
      kernel: name, node: node, inputs: inputs, outputs: [node.outputs[0]],
      ints: ["shape": shape, "axis": [axis]],
      constants: ["multiplier": IntegerBlob(int32: multipliers), "shift": IntegerBlob(int32: shifts)],
      outputParameters: [output])
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let shape = try step.ints("shape")
    let axis = try step.int("axis")
    let multipliers = try step.constant("multiplier").values
    let shifts = try step.constant("shift").values
    let output = try step.output(0)
    guard axis < shape.count, multipliers.count == inputs.count, shifts.count == inputs.count else {
      throw step.failure("planned for \(multipliers.count) inputs, given \(inputs.count)")
    }
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    var y = [Int32](repeating: 0, count: shape.reduce(1, *))
    var offset = 0
    for (i, x) in inputs.enumerated() {
      guard x.shape.count == shape.count, x.count > 0 || x.shape[axis] == 0 else { throw step.failure("input \(i) has shape \(x.shape)") }
      let values = x.parameters == output
        ? x.values
        : QuantSupport.requantize(
          x.values, zero: x.parameters.zeroPoint, FixedPoint.Multiplier(multiplier: multipliers[i], shift: shifts[i]),
          output: output.zeroPoint, lo: output.qmin, hi: output.qmax)
      let chunk = x.shape[axis] * inner
      guard x.count == outer * chunk, offset + chunk <= shape[axis] * inner else {
        throw step.failure("input \(i) \(x.shape) does not fit the output \(shape)")
      }
      for o in 0..<outer {
        for j in 0..<chunk { y[o * shape[axis] * inner + offset + j] = values[o * chunk + j] }
      }
      offset += chunk
    }
    return [QTensor(shape: shape, values: y, parameters: output)]
  }
}
