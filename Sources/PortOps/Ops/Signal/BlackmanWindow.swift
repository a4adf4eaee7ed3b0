import PortIR

/// BlackmanWindow-17: size (scalar) → a 1-D window of output_datatype (default float).
enum BlackmanWindow: OpDefinition {
  static let opType = "BlackmanWindow"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try SignalOps.inferWindow(&context)
  }
}
