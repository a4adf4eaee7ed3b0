import PortIR

enum RandomUniformLike: OpDefinition {
  static let opType = "RandomUniformLike"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try RandomOps.likeInput(&context)
  }
}
