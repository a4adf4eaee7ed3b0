import PortIR

enum MatMulInteger: OpDefinition {
  static let opType = "MatMulInteger"
  /// A, B, a_zero_point, b_zero_point.
  static let signature = OpSignature(inputs: 2...4, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.int8, .uint8])
    try context.require(1, in: [.int8, .uint8])
    context.setOutput(0, .tensor(.int32, try NNCore.matmulShape(context, 0, 1)))
  }
}
