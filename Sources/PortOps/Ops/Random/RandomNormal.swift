import PortIR

enum RandomNormal: OpDefinition {
  static let opType = "RandomNormal"
  static let signature = OpSignature(inputs: 0...0, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try RandomOps.fromShapeAttribute(&context)
  }
}
