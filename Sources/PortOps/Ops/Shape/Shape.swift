import PortIR

/// The `Shape` operator (named so as not to shadow PortIR's `Shape`).
enum ShapeOp: OpDefinition {
  static let opType = "Shape"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(.int64, Shape([.unknown])))
      return
    }
    let rank = shape.rank
    func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
    let start = clamp(context.int("start", default: 0))
    let end = context.attribute("end") == nil ? rank : clamp(context.int("end", default: rank))
    let dims = start < end ? Array(shape.dims[start..<end]) : []
    context.setOutput(0, .tensor(.int64, Shape([.fixed(dims.count)])), value: .dims(dims, scalar: false))
  }
}
