import PortIR

enum CumSum: OpDefinition {
  static let opType = "CumSum"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric)
    try context.require(1, in: [.int32, .int64])
    context.setOutput(0, context.sameAsInput(0))
  }
}
