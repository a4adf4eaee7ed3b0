import PortIR

/// ModelPort's own fused operators (domain `com.modelport`), written by the fusion passes so a fast
/// target lowers one node where the model had a chain: `FusedConv`, `FusedGemm`, `FusedMatMul`.
///
/// Each may carry an `activation` (string; absent = none) applied last, and `activation_params`
/// (floats) with exactly the count that activation takes: LeakyRelu [alpha], Clip [min, max],
/// HardSigmoid [alpha, beta], none for the others. Gelu is the exact (erf) form.
public enum FusedOps {
  public static let domain = "com.modelport"

  /// Each activation a fused op may apply, with the number of `activation_params` it takes.
  public static let activations: [String: Int] = [
    "Relu": 0, "LeakyRelu": 1, "Clip": 2, "Sigmoid": 0, "Tanh": 0, "HardSigmoid": 2, "HardSwish": 0, "Gelu": 0,
  ]

  /// Fails unless `activation` / `activation_params` are absent or name a known activation with the
  /// right number of parameters.
  static func checkActivation(_ context: InferenceContext) throws {
    let params = context.attribute("activation_params")
    guard let attribute = context.attribute("activation") else {
      if params != nil { throw context.error("activation_params without an activation", code: .badAttribute) }
      return
    }
    guard let name = attribute.string, let count = activations[name] else {
      let known = activations.keys.sorted().joined(separator: ", ")
      throw context.error("activation must be one of \(known)", code: .badAttribute)
    }
    let given = params?.floats?.count ?? 0
    guard given == count, params == nil || params?.floats != nil else {
      throw context.error("activation \(name) takes \(count) activation_params, got \(given)", code: .badAttribute)
    }
  }

  /// The inference of `input` read as an extra addend of the output type `output`: it must have the
  /// same element type and (where known) the same shape.
  static func checkSameShape(_ context: InferenceContext, input index: Int, as output: ValueType, _ what: String) throws {
    guard context.has(index) else { return }
    if let a = context.elementType(index), let b = output.elementType, a != b {
      throw context.error("\(what) is \(a) but the result is \(b)")
    }
    guard let given = context.shape(index), let expected = output.shape else { return }
    let fits = given.rank == expected.rank
      && zip(given.dims, expected.dims).allSatisfy { a, b in a.value == nil || b.value == nil || a.value == b.value }
    if !fits { throw context.error("\(what) \(given) must have the result's shape \(expected)", code: .shapeMismatch) }
  }
}
