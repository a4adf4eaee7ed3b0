import PortIR

enum InstanceNormalization: OpDefinition {
  static let opType = "InstanceNormalization"
  /// input, scale [C], B [C].
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    context.setOutput(0, context.sameAsInput(0))
  }
}
