import PortIR

enum ArrayFeatureExtractor: OpDefinition {
  static let opType = "ArrayFeatureExtractor"
  static let domain = "ai.onnx.ml"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Selects entries of the last axis; a 1-D input gives a [1, N] result (as onnxruntime does).
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int64], "indices")
    guard let type = context.elementType(0) else { return }
    guard let data = context.shape(0), let indices = context.shape(1) else {
      return context.setOutput(0, .tensor(type, nil))
    }
    let count: Dim = indices.elementCount.map { .fixed($0) } ?? .unknown
    let dims: [Dim] = data.rank <= 1 ? [.fixed(1), count] : Array(data.dims.dropLast()) + [count]
    context.setOutput(0, .tensor(type, Shape(dims)))
  }
}
