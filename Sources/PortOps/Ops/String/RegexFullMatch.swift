import PortIR

enum RegexFullMatch: OpDefinition {
  static let opType = "RegexFullMatch"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    guard context.attribute("pattern")?.string != nil else {
      throw context.error("attribute 'pattern' is required", code: .badAttribute)
    }
    try ElementwiseOps.unary(&context, [.string], resultType: .bool)
  }
}
