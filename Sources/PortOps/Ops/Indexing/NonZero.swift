import PortIR

enum NonZero: OpDefinition {
  static let opType = "NonZero"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    let rank = context.rank(0).map { Dim.fixed($0) } ?? .unknown
    context.setOutput(0, .tensor(.int64, Shape([rank, .unknown])))
  }
}
