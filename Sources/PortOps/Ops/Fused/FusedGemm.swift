import PortIR

/// `com.modelport::FusedGemm(A, B, C?)`: Y = act(Gemm(A, B, C)), with every Gemm attribute plus
/// `activation` / `activation_params` (see `FusedOps`).
enum FusedGemm: OpDefinition {
  static let opType = "FusedGemm"
  static let domain = FusedOps.domain
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try FusedOps.checkActivation(context)
    try context.require(0, in: TypeSets.floats)
    try Gemm.infer(&context)
  }
}
