import PortIR

enum Mul: OpDefinition {
  static let opType = "Mul"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Opsets < 7 broadcast only with `broadcast=1` and `axis`; canonical is NumPy broadcasting.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    try LegacyBroadcast.canonicalize(node, &context)
  }

  static func infer(_ context: inout InferenceContext) throws {
    try ElementwiseOps.broadcasting(&context, TypeSets.numeric)
    // Known shape values stay known (Shape → Gather → Mul → Reshape).
    context.setOutput(0, context.outputTypes[0], value: ShapeArithmetic.apply(context, &*))
  }
}
