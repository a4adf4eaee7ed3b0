import PortIR

enum ConcatFromSequence: OpDefinition {
  static let opType = "ConcatFromSequence"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    guard case .sequence(.tensor(let elementType, let shape)) = context.type(0) else { return }
    let rank = shape.map { $0.rank + (context.int("new_axis", default: 0) != 0 ? 1 : 0) }
    context.setOutput(0, .tensor(elementType, rank.map { Shape(Array(repeating: .unknown, count: $0)) }))
  }
}
