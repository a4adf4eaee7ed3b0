import PortIR

/// Adagrad (ai.onnx.preview.training, 1) — R, T, then the lists of Adagrad: X, G, H → X_new, H_new.
enum Adagrad: OpDefinition {
  static let opType = "Adagrad"
  static let domain = "ai.onnx.preview.training"
  static let signature = OpSignature(inputs: 3...Int.max, outputs: 1...Int.max)
  static func infer(_ context: inout InferenceContext) throws {
    try TrainingOps.infer(&context, groups: 3)
  }
}
