import PortIR

enum Bernoulli: OpDefinition {
  static let opType = "Bernoulli"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try RandomOps.likeInput(&context)
  }
}
