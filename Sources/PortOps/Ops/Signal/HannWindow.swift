import PortIR

/// HannWindow-17: size (scalar) → a 1-D window of output_datatype (default float).
enum HannWindow: OpDefinition {
  static let opType = "HannWindow"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try SignalOps.inferWindow(&context)
  }
}
