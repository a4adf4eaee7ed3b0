import PortIR

enum StringConcat: OpDefinition {
  static let opType = "StringConcat"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try ElementwiseOps.broadcasting(&context, [.string])
  }
}
