import PortIR

enum SequenceAt: OpDefinition {
  static let opType = "SequenceAt"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int32, .int64])
    if case .sequence(let element) = context.type(0) { context.setOutput(0, element) }
  }
}
