import PortIR

enum LayerNormalization: OpDefinition {
  static let opType = "LayerNormalization"
  /// X, Scale, B → Y, Mean, InvStdDev (statistics over the axes from `axis` on, kept as size 1).
  static let signature = OpSignature(inputs: 2...3, outputs: 1...3)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    context.setOutput(0, context.sameAsInput(0))
    let stash = ElementType(rawValue: context.int("stash_type", default: 1)) ?? .float
    guard let shape = context.shape(0) else {
      context.setOutput(1, .tensor(stash, nil))
      context.setOutput(2, .tensor(stash, nil))
      return
    }
    let axis = try context.axis(context.int("axis", default: -1), rank: shape.rank)
    let reduced = Shape(Array(shape.dims.prefix(axis)) + Array(repeating: .fixed(1), count: shape.rank - axis))
    context.setOutput(1, .tensor(stash, reduced))
    context.setOutput(2, .tensor(stash, reduced))
  }
}
