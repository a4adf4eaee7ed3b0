import PortIR

/// TfIdfVectorizer-9: X [C] or [N, C] of int32/int64/string → float [K] or [N, K], K being
/// max(ngram_indexes) + 1.
enum TfIdfVectorizer: OpDefinition {
  static let opType = "TfIdfVectorizer"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.int32, .int64, .string])
    let size: Dim = (context.ints("ngram_indexes")?.max()).map { .fixed($0 + 1) } ?? .unknown
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(.float, nil))
      return
    }
    context.setOutput(0, .tensor(.float, Shape(shape.rank == 2 ? [shape.dims[0], size] : [size])))
  }
}
