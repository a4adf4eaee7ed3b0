import PortIR

enum BitCast: OpDefinition {
  static let opType = "BitCast"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// Reinterprets the bits of each element; both types must have the same width.
  static func infer(_ context: inout InferenceContext) throws {
    guard let code = context.attribute("to")?.int, let target = ElementType(rawValue: code), target != .string else {
      throw context.error("attribute 'to' must name a non-string type", code: .badAttribute)
    }
    if let source = context.elementType(0) {
      guard source != .string, source.bitWidth == target.bitWidth else {
        throw context.error("cannot reinterpret \(source) as \(target): bit widths differ")
      }
    }
    context.setOutput(0, .tensor(target, context.shape(0)))
  }
}
