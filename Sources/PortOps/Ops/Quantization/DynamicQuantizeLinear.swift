import PortIR

enum DynamicQuantizeLinear: OpDefinition {
  static let opType = "DynamicQuantizeLinear"
  /// x → y (uint8), y_scale, y_zero_point, from x's range extended to include 0.
  static let signature = OpSignature(inputs: 1...1, outputs: 3...3)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.float])
    context.setOutput(0, .tensor(.uint8, context.shape(0)))
    context.setOutput(1, .tensor(.float, Shape([])))
    context.setOutput(2, .tensor(.uint8, Shape([])))
  }
}
