import PortIR

/// MelWeightMatrix-17: num_mel_bins, dft_length, sample_rate, lower/upper edge hertz →
/// [dft_length / 2 + 1, num_mel_bins] of output_datatype (default float).
enum MelWeightMatrix: OpDefinition {
  static let opType = "MelWeightMatrix"
  static let signature = OpSignature(inputs: 5...5, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    let type = ElementType(rawValue: context.int("output_datatype", default: 1)) ?? .float
    let bins = context.ints(1)?.first.map { Dim.fixed($0 / 2 + 1) } ?? .unknown
    let mels = context.ints(0)?.first.map { Dim.fixed($0) } ?? .unknown
    context.setOutput(0, .tensor(type, Shape([bins, mels])))
  }
}
