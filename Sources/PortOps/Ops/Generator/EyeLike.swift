import PortIR

enum EyeLike: OpDefinition {
  static let opType = "EyeLike"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    let dtype = context.attribute("dtype")?.int.flatMap { ElementType(rawValue: $0) }
    guard let elementType = dtype ?? context.elementType(0) else { return }
    if let rank = context.rank(0), rank != 2 { throw context.error("input must be 2-D", code: .shapeMismatch) }
    context.setOutput(0, .tensor(elementType, context.shape(0)))
  }
}
