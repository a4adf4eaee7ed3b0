import PortIR

enum ConvInteger: OpDefinition {
  static let opType = "ConvInteger"
  static let signature = OpSignature(inputs: 2...4, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.int8, .uint8])
    try context.require(1, in: [.int8, .uint8])
    let channels = context.shape(1)?.dims.first
    try NNCore.inferWindow(
      &context, kernel: NNCore.kernelShape(context, weight: 1), channels: channels ?? .unknown, elementTypes: [.int32])
  }
}
