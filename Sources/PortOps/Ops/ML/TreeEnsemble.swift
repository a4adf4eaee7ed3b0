import PortIR

enum TreeEnsemble: OpDefinition {
  static let opType = "TreeEnsemble"
  static let domain = "ai.onnx.ml"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// X is [N, F]; the result is [N, n_targets] of X's type.
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.float, .double, .float16])
    guard let targets = context.attribute("n_targets")?.int else {
      throw context.error("attribute 'n_targets' is required", code: .badAttribute)
    }
    for name in ["nodes_featureids", "nodes_truenodeids", "nodes_falsenodeids", "leaf_targetids", "tree_roots"]
    where context.attribute(name)?.ints == nil {
      throw context.error("attribute '\(name)' is required", code: .badAttribute)
    }
    guard let type = context.elementType(0) else { return }
    let batch: Dim = context.shape(0)?.dims.first ?? .unknown
    context.setOutput(0, .tensor(type, Shape([batch, .fixed(targets)])))
  }
}
