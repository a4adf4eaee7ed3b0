import PortIR

enum Einsum: OpDefinition {
  static let opType = "Einsum"
  static let signature = OpSignature(inputs: 1...Int.max, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric)
    guard let element = try context.requireSameType(Array(0..<context.inputCount)) else { return }
    let equation = context.string("equation", default: "")
    let parsed: NNCore.EinsumEquation
    do {
      parsed = try NNCore.EinsumEquation(equation, operands: context.inputCount)
    } catch let message as NNCore.Failure {
      throw context.error(message.description, code: .badAttribute)
    }
    var shapes: [Shape] = []
    for index in 0..<context.inputCount {
      guard let shape = context.shape(index) else {
        context.setOutput(0, .tensor(element, nil))
        return
      }
      shapes.append(shape)
    }
    do {
      let dims = try parsed.outputDims(shapes.map(\.dims), merge: Broadcast.merge)
      context.setOutput(0, .tensor(element, Shape(dims)))
    } catch let message as NNCore.Failure {
      throw context.error(message.description, code: .shapeMismatch)
    }
  }
}
