import PortIR

/// `com.modelport::FusedMatMul(A, B, Bias?)`: Y = act(MatMul(A, B) + Bias), where Bias is 1-D with
/// the size of Y's last dimension; `activation` / `activation_params` as in `FusedOps`.
enum FusedMatMul: OpDefinition {
  static let opType = "FusedMatMul"
  static let domain = FusedOps.domain
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try FusedOps.checkActivation(context)
    try context.require(0, in: TypeSets.floats)
    try context.requireSameType([0, 1, 2])
    try MatMul.infer(&context)
    guard context.has(2), let bias = context.shape(2) else { return }
    guard bias.rank == 1 else { throw context.error("Bias must be 1-D, got \(bias)", code: .shapeMismatch) }
    if let last = context.outputTypes[0].shape?.dims.last?.value, let size = bias.dims[0].value, last != size {
      throw context.error("Bias has \(size) elements but the result's last dimension is \(last)", code: .shapeMismatch)
    }
  }
}
