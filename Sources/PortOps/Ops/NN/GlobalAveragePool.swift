import PortIR

enum GlobalAveragePool: OpDefinition {
  static let opType = "GlobalAveragePool"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try NNCore.inferGlobalPool(&context)
  }
}
