import PortIR

/// Inference shared by the random generators.
enum RandomOps {
  /// RandomUniform/RandomNormal: `dtype` (default float) and a required `shape` attribute.
  static func fromShapeAttribute(_ context: inout InferenceContext) throws {
    guard let shape = context.ints("shape") else {
      throw context.error("attribute 'shape' is required", code: .badAttribute)
    }
    let type = try elementType(context, default: .float)
    context.setOutput(0, .tensor(type, Shape(fixed: shape)))
  }

  /// The *Like variants and Bernoulli: input's shape, `dtype` defaulting to the input's type.
  static func likeInput(_ context: inout InferenceContext) throws {
    guard let fallback = context.elementType(0) ?? (context.attribute("dtype") == nil ? nil : .float) else { return }
    let type = try elementType(context, default: fallback)
    context.setOutput(0, .tensor(type, context.shape(0)))
  }

  static func elementType(_ context: InferenceContext, default fallback: ElementType) throws -> ElementType {
    guard let code = context.attribute("dtype")?.int else { return fallback }
    guard let type = ElementType(rawValue: code), type.isNumeric else {
      throw context.error("dtype \(code) is not a numeric type", code: .badAttribute)
    }
    return type
  }
}
