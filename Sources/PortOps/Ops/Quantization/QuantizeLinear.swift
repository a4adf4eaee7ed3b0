import PortIR

enum QuantizeLinear: OpDefinition {
  static let opType = "QuantizeLinear"
  /// x, y_scale, y_zero_point. Per-tensor (scalar scale), per-axis (1-D along `axis`) or blocked
  /// (`block_size` along `axis`). Older versions only lack attributes whose defaults match.
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats.union([.int32]))
    let declared = context.int("output_dtype", default: 0)
    var element: ElementType = .uint8
    if declared != 0 {
      guard let type = ElementType(rawValue: declared), NNCore.quantized.contains(type) else {
        throw context.error("output_dtype \(declared) is not a quantized type", code: .badAttribute)
      }
      if let zero = context.elementType(2), zero != type {
        throw context.error("output_dtype \(type) differs from the zero point's type \(zero)")
      }
      element = type
    } else if let zero = context.elementType(2) {
      element = zero
    } else if context.has(2) {
      return
    }
    context.setOutput(0, .tensor(element, context.shape(0)))
  }
}
