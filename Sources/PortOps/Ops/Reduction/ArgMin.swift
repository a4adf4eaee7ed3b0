import PortIR

enum ArgMin: OpDefinition {
  static let opType = "ArgMin"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try ArgMax.inferIndexReduction(&context)
  }
}
