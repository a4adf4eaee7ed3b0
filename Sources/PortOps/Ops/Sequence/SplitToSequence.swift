import PortIR

enum SplitToSequence: OpDefinition {
  static let opType = "SplitToSequence"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int32, .int64])
    guard let elementType = context.elementType(0) else { return }
    var rank = context.rank(0)
    if !context.has(1), context.int("keepdims", default: 1) == 0 { rank = rank.map { $0 - 1 } }
    context.setOutput(0, .sequence(.tensor(elementType, rank.map { Shape(Array(repeating: .unknown, count: $0)) })))
  }
}
