import PortIR

enum StringNormalizer: OpDefinition {
  static let opType = "StringNormalizer"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  /// Input is [C] or [1, C]; stop-word removal shortens the last axis.
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.string])
    let action = context.string("case_change_action", default: "NONE")
    guard ["NONE", "LOWER", "UPPER"].contains(action) else {
      throw context.error("case_change_action '\(action)' is not NONE, LOWER or UPPER", code: .badAttribute)
    }
    guard let shape = context.shape(0) else { return context.setOutput(0, .tensor(.string, nil)) }
    guard shape.rank == 1 || shape.rank == 2 else {
      throw context.error("input must be [C] or [1, C], got rank \(shape.rank)", code: .shapeMismatch)
    }
    // Stop words and empty strings are dropped, so the last axis is known only at run time.
    var dims = shape.dims
    dims[dims.count - 1] = .unknown
    context.setOutput(0, .tensor(.string, Shape(dims)))
  }
}
