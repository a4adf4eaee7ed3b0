import PortIR

enum LogSoftmax: OpDefinition {
  static let opType = "LogSoftmax"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  /// Before opset 13 the input is coerced to 2-D at `axis`; see NNCore.canonicalizeSoftmaxFamily.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    try NNCore.canonicalizeSoftmaxFamily(node, &context)
  }
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    if let rank = context.rank(0) { _ = try context.axis(context.int("axis", default: -1), rank: rank) }
    context.setOutput(0, context.sameAsInput(0))
  }
}
