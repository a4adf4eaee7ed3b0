import PortIR

enum GlobalMaxPool: OpDefinition {
  static let opType = "GlobalMaxPool"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let element = context.elementType(0) else { return }
    guard let shape = context.shape(0) else { return context.setOutput(0, .tensor(element, nil)) }
    guard shape.rank >= 2 else { throw context.error("input must have rank ≥ 2", code: .shapeMismatch) }
    context.setOutput(0, .tensor(element, Shape(Array(shape.dims.prefix(2)) + Array(repeating: .fixed(1), count: shape.rank - 2))))
  }
}
