import PortIR

enum Pow: OpDefinition {
  static let opType = "Pow"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Opsets < 7 broadcast only with `broadcast=1` and `axis`; canonical is NumPy broadcasting.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    try LegacyBroadcast.canonicalize(node, &context)
  }

  /// Since opset 12 base and exponent may have different numeric types; the result has the base's.
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric, "base")
    try context.require(1, in: TypeSets.numeric, "exponent")
    let shape: Shape?
    do {
      shape = try Broadcast.shape([context.shape(0), context.shape(1)])
    } catch let failure as BroadcastError {
      throw context.error("inputs cannot be broadcast: \(failure)", code: .shapeMismatch)
    }
    guard let type = context.elementType(0) else { return }
    context.setOutput(0, .tensor(type, shape))
  }
}
