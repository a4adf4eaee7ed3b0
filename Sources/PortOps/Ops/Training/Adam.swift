import PortIR

/// Adam (ai.onnx.preview.training, 1) — R, T, then the lists of Adam: X, G, V, H → X_new, V_new, H_new.
enum Adam: OpDefinition {
  static let opType = "Adam"
  static let domain = "ai.onnx.preview.training"
  static let signature = OpSignature(inputs: 3...Int.max, outputs: 1...Int.max)
  static func infer(_ context: inout InferenceContext) throws {
    try TrainingOps.infer(&context, groups: 4)
  }
}
