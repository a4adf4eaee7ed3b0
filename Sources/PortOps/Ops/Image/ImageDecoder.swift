import PortIR

/// ImageDecoder-20: encoded bytes (uint8 1-D) → uint8 [H, W, C] (C = 1 for grayscale, else 3).
enum ImageDecoder: OpDefinition {
  static let opType = "ImageDecoder"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.uint8])
    let channels = context.string("pixel_format", default: "RGB") == "Grayscale" ? 1 : 3
    context.setOutput(0, .tensor(.uint8, Shape([.unknown, .unknown, .fixed(channels)])))
  }
}
