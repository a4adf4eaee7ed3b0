import PortIR

enum LpNormalization: OpDefinition {
  static let opType = "LpNormalization"
  /// Normalizes to unit L1 or L2 norm along `axis`.
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    context.setOutput(0, context.sameAsInput(0))
  }
}
