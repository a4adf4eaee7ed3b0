import PortIR

enum SequenceConstruct: OpDefinition {
  static let opType = "SequenceConstruct"
  static let signature = OpSignature(inputs: 1...OpSignature.variadic, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.requireSameType(Array(0..<context.inputCount))
    var element = context.type(0)
    for index in 1..<max(context.inputCount, 1) { element = element.joined(with: context.type(index)) }
    context.setOutput(0, .sequence(element))
  }
}
