import PortIR

enum PRelu: OpDefinition {
  static let opType = "PRelu"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Opsets < 6 carried `consumed_inputs`; opsets < 7 allowed a slope of X's shape or [C], and the
  /// [C] case means per-channel (axis 1), which NumPy broadcasting aligns at the end instead.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    result.attributes.removeValue(forKey: "consumed_inputs")
    guard node.opsetVersion < 7, let xRank = context.graph.type(of: node.inputs[0]).shape?.rank,
      let slope = context.graph.type(of: node.inputs[1]).shape, slope.rank == 1, xRank > 2,
      let channels = slope.dims[0].value, channels != 1
    else { return [result] }
    let shape = [channels] + Array(repeating: 1, count: xRank - 2)
    let (nodes, aligned) = ElementwiseOps.reshaped(node.inputs[1], to: shape, for: node, &context)
    result.inputs[1] = aligned
    return nodes + [result]
  }

  /// The slope broadcasts to X (unidirectionally); the result has X's type and shape.
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric)
    try context.requireSameType([0, 1])
    context.setOutput(0, context.sameAsInput(0))
  }
}
