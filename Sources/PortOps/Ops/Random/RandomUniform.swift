import PortIR

enum RandomUniform: OpDefinition {
  static let opType = "RandomUniform"
  static let signature = OpSignature(inputs: 0...0, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try RandomOps.fromShapeAttribute(&context)
  }
}
