import PortIR

// Stand-in for the light models (Dropout<10's mask) until the owner's version lands; replace freely.
enum Cast: OpDefinition {
  static let opType = "Cast"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    guard let to = ElementType(rawValue: context.int("to", default: 0)) else {
      throw context.error("unknown target type", code: .badAttribute)
    }
    context.setOutput(0, .tensor(to, context.shape(0)))
  }
}
