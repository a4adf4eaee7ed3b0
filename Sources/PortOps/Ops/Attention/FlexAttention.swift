import PortIR

/// FlexAttention (ai.onnx.preview, 1): rank-4 Q, K, V with optional score_mod and prob_mod graphs.
enum FlexAttention: OpDefinition {
  static let opType = "FlexAttention"
  static let domain = "ai.onnx.preview"
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let type = context.elementType(2) ?? context.elementType(0) else { return }
    guard let q = context.shape(0), let v = context.shape(2), q.rank == 4, v.rank == 4 else {
      context.setOutput(0, .tensor(type, nil))
      return
    }
    context.setOutput(0, .tensor(type, Shape([q.dims[0], q.dims[1], q.dims[2], v.dims[3]])))
  }
}
