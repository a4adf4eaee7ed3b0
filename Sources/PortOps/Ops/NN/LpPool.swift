import PortIR

enum LpPool: OpDefinition {
  static let opType = "LpPool"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// LpPool-1 wrote `p` as a float; later versions as an int.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    if case .float(let p)? = node.attributes["p"] { result.attributes["p"] = .int(Int(p)) }
    return [result]
  }
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try NNCore.inferWindow(&context, kernel: context.ints("kernel_shape"), channels: nil)
  }
}
