import PortIR

enum QLinearMatMul: OpDefinition {
  static let opType = "QLinearMatMul"
  /// a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point.
  static let signature = OpSignature(inputs: 8...8, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: NNCore.quantized)
    try context.require(3, in: NNCore.quantized)
    guard let element = context.elementType(7) else { return }
    context.setOutput(0, .tensor(element, try NNCore.matmulShape(context, 0, 3)))
  }
}
