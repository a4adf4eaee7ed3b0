import PortIR

/// RotaryEmbedding-23: input (3-D or 4-D), cos_cache, sin_cache, optional position_ids.
enum RotaryEmbedding: OpDefinition {
  static let opType = "RotaryEmbedding"
  static let signature = OpSignature(inputs: 3...4, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    context.setOutput(0, context.sameAsInput(0))
  }
}
