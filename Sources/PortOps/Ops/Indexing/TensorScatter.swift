import PortIR

enum TensorScatter: OpDefinition {
  static let opType = "TensorScatter"
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.requireSameType([0, 1])
    try context.require(2, in: [.int64])
    context.setOutput(0, context.sameAsInput(0))
  }
}
