import PortIR

enum ArgMax: OpDefinition {
  static let opType = "ArgMax"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try inferIndexReduction(&context)
  }

  /// ArgMax and ArgMin: one int64 index along `axis`, kept as size 1 unless `keepdims` is 0.
  static func inferIndexReduction(_ context: inout InferenceContext) throws {
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(.int64, nil))
      return
    }
    let axis = try context.axis(context.int("axis", default: 0), rank: shape.rank)
    var dims = shape.dims
    if context.int("keepdims", default: 1) != 0 { dims[axis] = .fixed(1) } else { dims.remove(at: axis) }
    context.setOutput(0, .tensor(.int64, Shape(dims)))
  }
}
