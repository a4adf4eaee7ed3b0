import PortIR

enum ReduceLogSum: OpDefinition {
  static let opType = "ReduceLogSum"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...1)
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    [Reduction.axesAsInput(node, &context, inputSince: 18)]
  }
  static func infer(_ context: inout InferenceContext) throws {
    try Reduction.infer(&context, allowed: TypeSets.numeric)
  }
}
