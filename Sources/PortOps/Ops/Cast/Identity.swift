import PortIR

enum Identity: OpDefinition {
  static let opType = "Identity"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  /// Any value passes through unchanged: tensors, and since opset 14/16 sequences and optionals.
  static func infer(_ context: inout InferenceContext) throws {
    context.setOutput(0, context.sameAsInput(0), value: context.value(0))
  }
}
