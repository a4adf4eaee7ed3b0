import PortIR

enum DeformConv: OpDefinition {
  static let opType = "DeformConv"
  /// X, W, offset, B, mask.
  static let signature = OpSignature(inputs: 3...5, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try context.requireSameType([0, 1, 2, 3, 4])
    let channels = context.shape(1)?.dims.first
    try NNCore.inferWindow(&context, kernel: NNCore.kernelShape(context, weight: 1), channels: channels ?? .unknown)
  }
}
