import PortIR

enum OptionalHasElement: OpDefinition {
  static let opType = "OptionalHasElement"
  static let signature = OpSignature(inputs: 0...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    context.setOutput(0, .tensor(.bool, Shape([])))
  }
}
