import PortIR

enum MeanVarianceNormalization: OpDefinition {
  static let opType = "MeanVarianceNormalization"
  /// (X − mean) / std over `axes` (default [0, 2, 3]).
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    context.setOutput(0, context.sameAsInput(0))
  }
}
