import PortIR

enum MaxPool: OpDefinition {
  static let opType = "MaxPool"
  /// Y, and the flat Indices of each maximum (opset 8+).
  static let signature = OpSignature(inputs: 1...1, outputs: 1...2)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats.union([.int8, .uint8]))
    try NNCore.inferWindow(
      &context, kernel: context.ints("kernel_shape"), channels: nil, outputs: [0, 1],
      elementTypes: [context.elementType(0), .int64])
  }
}
