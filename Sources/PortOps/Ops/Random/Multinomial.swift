import PortIR

enum Multinomial: OpDefinition {
  static let opType = "Multinomial"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// Input [batch, classes] of unnormalized log-probabilities; output [batch, sample_size] indices.
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    let code = context.int("dtype", default: ElementType.int32.rawValue)
    guard let type = ElementType(rawValue: code), type == .int32 || type == .int64 else {
      throw context.error("dtype must be int32 or int64", code: .badAttribute)
    }
    let samples = context.int("sample_size", default: 1)
    if let shape = context.shape(0), shape.rank != 2 {
      throw context.error("input must be [batch, classes], got rank \(shape.rank)", code: .shapeMismatch)
    }
    let batch: Dim = context.shape(0)?.dims.first ?? .unknown
    context.setOutput(0, .tensor(type, Shape([batch, .fixed(samples)])))
  }
}
