import PortIR

enum RMSNormalization: OpDefinition {
  static let opType = "RMSNormalization"
  /// X, scale → X / √(mean(X²) + ε) · scale, over the axes from `axis` on.
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    if let rank = context.rank(0) { _ = try context.axis(context.int("axis", default: -1), rank: rank) }
    context.setOutput(0, context.sameAsInput(0))
  }
}
