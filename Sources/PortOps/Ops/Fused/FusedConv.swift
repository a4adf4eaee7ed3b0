import PortIR

/// `com.modelport::FusedConv(X, W, B?, Z?)`: Y = act(Conv(X, W, B) + Z), with every Conv attribute
/// plus `activation` / `activation_params` (see `FusedOps`). Z, when given, has Y's shape.
enum FusedConv: OpDefinition {
  static let opType = "FusedConv"
  static let domain = FusedOps.domain
  static let signature = OpSignature(inputs: 2...4, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try FusedOps.checkActivation(context)
    try Conv.infer(&context)
    try FusedOps.checkSameShape(context, input: 3, as: context.outputTypes[0], "Z")
  }
}
