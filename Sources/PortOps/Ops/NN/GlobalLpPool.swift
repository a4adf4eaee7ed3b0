import PortIR

enum GlobalLpPool: OpDefinition {
  static let opType = "GlobalLpPool"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// GlobalLpPool-1 wrote `p` as a float; later versions as an int.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    if case .float(let p)? = node.attributes["p"] { result.attributes["p"] = .int(Int(p)) }
    return [result]
  }
  static func infer(_ context: inout InferenceContext) throws {
    try NNCore.inferGlobalPool(&context)
  }
}
