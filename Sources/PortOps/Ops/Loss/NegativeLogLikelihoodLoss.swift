import PortIR

enum NegativeLogLikelihoodLoss: OpDefinition {
  static let opType = "NegativeLogLikelihoodLoss"
  /// input [N, C, d…], target [N, d…], weight [C].
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try context.require(1, in: [.int32, .int64])
    guard let element = try context.requireSameType([0, 2]) else { return }
    context.setOutput(0, .tensor(element, try NNCore.lossShape(context)))
  }
}
