import PortIR

enum DequantizeLinear: OpDefinition {
  static let opType = "DequantizeLinear"
  /// x, x_scale, x_zero_point → (x − zero_point) · scale, per tensor, per axis or blocked.
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: NNCore.quantized.union([.int32]))
    try context.requireSameType([0, 2])
    let declared = context.int("output_dtype", default: 0)
    let element: ElementType?
    if declared != 0 {
      guard let type = ElementType(rawValue: declared), TypeSets.floats.contains(type) else {
        throw context.error("output_dtype \(declared) is not a float type", code: .badAttribute)
      }
      element = type
    } else {
      element = context.elementType(1)
    }
    guard let element else { return }
    context.setOutput(0, .tensor(element, context.shape(0)))
  }
}
