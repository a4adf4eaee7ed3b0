import PortIR

/// Gradient (ai.onnx.preview.training, 1) — the derivatives of the value named by `y` with respect to
/// the values named by `xs`, y seeded with ones. The inputs are the values of `xs` followed by those
/// of `zs` (held constant); output i, optional, is dy/dxs[i] and so has the type of input i.
enum Gradient: OpDefinition {
  static let opType = "Gradient"
  static let domain = "ai.onnx.preview.training"
  static let signature = OpSignature(inputs: 1...OpSignature.variadic, outputs: 1...OpSignature.variadic)

  static func infer(_ context: inout InferenceContext) throws {
    guard let xs = context.attribute("xs")?.strings, !xs.isEmpty else {
      throw context.error("attribute 'xs' (the names of the differentiated values) is required", code: .badAttribute)
    }
    guard context.attribute("y")?.string != nil else {
      throw context.error("attribute 'y' (the name of the differentiated value) is required", code: .badAttribute)
    }
    let zs = context.attribute("zs")?.strings ?? []
    guard context.inputCount == xs.count + zs.count, context.node.outputs.count == xs.count else {
      throw context.error(
        "has \(context.inputCount) inputs and \(context.node.outputs.count) outputs for \(xs.count) names in 'xs' "
          + "and \(zs.count) in 'zs'; expected one input per name and one output per name in 'xs'",
        code: .badArity)
    }
    for index in xs.indices {
      try context.require(index, in: TypeSets.floats, "a differentiated value")
      context.setOutput(index, context.type(index))
    }
  }
}
