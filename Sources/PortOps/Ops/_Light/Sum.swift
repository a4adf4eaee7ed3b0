import PortIR

// Stand-in for the light models until the owner's version lands; replace freely.
enum Sum: OpDefinition {
  static let opType = "Sum"
  static let signature = OpSignature(inputs: 1...Int.max, outputs: 1...1)
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    result.attributes.removeValue(forKey: "consumed_inputs")
    return [result]
  }
  static func infer(_ context: inout InferenceContext) throws {
    context.setOutput(0, try context.broadcastType(Array(0..<context.inputCount)))
  }
}
