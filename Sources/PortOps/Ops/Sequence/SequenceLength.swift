import PortIR

enum SequenceLength: OpDefinition {
  static let opType = "SequenceLength"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    context.setOutput(0, .tensor(.int64, Shape([])))
  }
}
