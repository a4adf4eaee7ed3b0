import PortIR

enum CastLike: OpDefinition {
  static let opType = "CastLike"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Casts input 0 to the element type of input 1 (whose values are ignored).
  static func infer(_ context: inout InferenceContext) throws {
    guard let target = context.elementType(1) else { return }
    context.setOutput(0, .tensor(target, context.shape(0)))
  }
}
