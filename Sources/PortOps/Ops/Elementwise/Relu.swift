import PortIR

enum Relu: OpDefinition {
  static let opType = "Relu"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats.union(TypeSets.signedInts))
    context.setOutput(0, context.sameAsInput(0))
  }
}
