import PortIR

enum SequenceInsert: OpDefinition {
  static let opType = "SequenceInsert"
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(2, in: [.int32, .int64])
    guard case .sequence(let element) = context.type(0) else {
      context.setOutput(0, .sequence(context.type(1)))
      return
    }
    if let a = element.elementType, let b = context.elementType(1), a != b {
      throw context.error("inserting \(b) into a sequence of \(a)")
    }
    context.setOutput(0, .sequence(element.joined(with: context.type(1))))
  }
}
