import PortIR

enum SequenceErase: OpDefinition {
  static let opType = "SequenceErase"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int32, .int64])
    context.setOutput(0, context.type(0))
  }
}
