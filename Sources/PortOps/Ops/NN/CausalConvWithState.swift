import PortIR

/// Causal depthwise 1-D convolution carrying the last k-1 positions between calls (opset 27).
enum CausalConvWithState: OpDefinition {
  static let opType = "CausalConvWithState"
  /// input, weight, bias, past_state → output, present_state.
  static let signature = OpSignature(inputs: 2...4, outputs: 2...2)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let element = try context.requireSameType([0, 1, 2, 3]) else { return }
    let activation = context.string("activation", default: "none")
    guard ["none", "silu", "swish"].contains(activation) else {
      throw context.error("activation '\(activation)' is not none, silu or swish", code: .badAttribute)
    }
    context.setOutput(0, context.sameAsInput(0))
    let input = context.shape(0)
    let k = context.shape(1).flatMap { $0.rank == 3 ? $0.dims[2].value : nil }
    if let input, input.rank == 3 {
      context.setOutput(1, .tensor(element, Shape([input.dims[0], input.dims[1], k.map { .fixed($0 - 1) } ?? .unknown])))
    } else {
      context.setOutput(1, .tensor(element, Shape([.unknown, .unknown, .unknown])))
    }
  }
}
