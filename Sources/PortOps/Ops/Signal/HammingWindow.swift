import PortIR

/// HammingWindow-17: size (scalar) → a 1-D window of output_datatype (default float).
enum HammingWindow: OpDefinition {
  static let opType = "HammingWindow"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try SignalOps.inferWindow(&context)
  }
}
