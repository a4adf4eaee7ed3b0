import PortIR

enum StringSplit: OpDefinition {
  static let opType = "StringSplit"
  static let signature = OpSignature(inputs: 1...1, outputs: 2...2)
  /// Y gains a last axis as long as the most pieces any element splits into; Z counts the pieces.
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.string])
    let shape = context.shape(0)
    context.setOutput(0, .tensor(.string, shape.map { Shape($0.dims + [.unknown]) }))
    context.setOutput(1, .tensor(.int64, shape))
  }
}
