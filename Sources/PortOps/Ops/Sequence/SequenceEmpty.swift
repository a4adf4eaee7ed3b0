import PortIR

enum SequenceEmpty: OpDefinition {
  static let opType = "SequenceEmpty"
  static let signature = OpSignature(inputs: 0...0, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    let type = context.attribute("dtype")?.int.flatMap { ElementType(rawValue: $0) } ?? .float
    context.setOutput(0, .sequence(.tensor(type, nil)))
  }
}
