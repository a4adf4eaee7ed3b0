import PortIR

/// The `Optional` operator (named so as not to shadow Swift's `Optional`).
enum OptionalOp: OpDefinition {
  static let opType = "Optional"
  static let signature = OpSignature(inputs: 0...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    if context.has(0) {
      context.setOutput(0, .optional(context.type(0)))
    } else if case .type(let type)? = context.attribute("type") {
      context.setOutput(0, .optional(type))
    } else {
      throw context.error("an empty Optional needs the 'type' attribute", code: .badAttribute)
    }
  }
}
