import PortIR

enum ScatterElements: OpDefinition {
  static let opType = "ScatterElements"
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int32, .int64])
    try context.requireSameType([0, 2])
    context.setOutput(0, context.sameAsInput(0))
  }
}
