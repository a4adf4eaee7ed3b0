import PortIR

enum SoftmaxCrossEntropyLoss: OpDefinition {
  static let opType = "SoftmaxCrossEntropyLoss"
  /// scores [N, C, d…], labels [N, d…], weights [C] → loss, log_prob.
  static let signature = OpSignature(inputs: 2...3, outputs: 1...2)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try context.require(1, in: [.int32, .int64])
    guard let element = try context.requireSameType([0, 2]) else { return }
    context.setOutput(0, .tensor(element, try NNCore.lossShape(context)))
    context.setOutput(1, context.sameAsInput(0))
  }
}
