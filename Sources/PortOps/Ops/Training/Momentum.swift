import PortIR

/// Momentum (ai.onnx.preview.training, 1) — R, T, then the lists of Momentum: X, G, V → X_new, V_new.
enum Momentum: OpDefinition {
  static let opType = "Momentum"
  static let domain = "ai.onnx.preview.training"
  static let signature = OpSignature(inputs: 3...Int.max, outputs: 1...Int.max)
  static func infer(_ context: inout InferenceContext) throws {
    try TrainingOps.infer(&context, groups: 3)
  }
}
