import PortIR

enum Conv: OpDefinition {
  static let opType = "Conv"
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try context.requireSameType([0, 1, 2])
    let channels = context.shape(1)?.dims.first
    try NNCore.inferWindow(&context, kernel: NNCore.kernelShape(context, weight: 1), channels: channels ?? .unknown)
  }
}
