import PortIR

enum GatherElements: OpDefinition {
  static let opType = "GatherElements"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int32, .int64])
    guard let elementType = context.elementType(0) else { return }
    context.setOutput(0, .tensor(elementType, context.shape(1) ?? context.rank(0).map { Shape(Array(repeating: .unknown, count: $0)) }))
  }
}
