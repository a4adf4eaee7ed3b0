import PortIR

enum Det: OpDefinition {
  static let opType = "Det"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    guard shape.rank >= 2 else { throw context.error("input must have rank ≥ 2", code: .shapeMismatch) }
    context.setOutput(0, .tensor(elementType, Shape(Array(shape.dims.dropLast(2)))))
  }
}
