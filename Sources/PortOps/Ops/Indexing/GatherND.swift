import PortIR

enum GatherND: OpDefinition {
  static let opType = "GatherND"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int64])
    guard let elementType = context.elementType(0) else { return }
    let batch = context.int("batch_dims", default: 0)
    guard let data = context.shape(0), let indices = context.shape(1), indices.rank >= 1,
      let depth = indices.dims.last?.value
    else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    guard batch + depth <= data.rank else {
      throw context.error("indices address \(depth) dims after \(batch) batch dims of rank \(data.rank)", code: .shapeMismatch)
    }
    let dims = Array(indices.dims.dropLast()) + Array(data.dims[(batch + depth)...])
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
