import PortIR

enum Trilu: OpDefinition {
  static let opType = "Trilu"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int64])
    context.setOutput(0, context.sameAsInput(0))
  }
}
