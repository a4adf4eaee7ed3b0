import PortIR

enum OptionalGetElement: OpDefinition {
  static let opType = "OptionalGetElement"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    if case .optional(let inner) = context.type(0) {
      context.setOutput(0, inner)
    } else {
      context.setOutput(0, context.type(0))
    }
  }
}
