import PortIR

enum QLinearConv: OpDefinition {
  static let opType = "QLinearConv"
  /// x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B.
  static let signature = OpSignature(inputs: 8...9, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.int8, .uint8])
    try context.require(3, in: [.int8, .uint8])
    try context.require(8, in: [.int32])
    let channels = context.shape(3)?.dims.first
    try NNCore.inferWindow(
      &context, kernel: NNCore.kernelShape(context, weight: 3), channels: channels ?? .unknown,
      elementTypes: [context.elementType(7)])
  }
}
