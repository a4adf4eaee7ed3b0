import PortIR

enum Binarizer: OpDefinition {
  static let opType = "Binarizer"
  static let domain = "ai.onnx.ml"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try ElementwiseOps.unary(&context, [.float, .double, .int64, .int32])
  }
}
