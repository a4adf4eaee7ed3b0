import PortIR

enum AveragePool: OpDefinition {
  static let opType = "AveragePool"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try NNCore.inferWindow(&context, kernel: context.ints("kernel_shape"), channels: nil)
  }
}
