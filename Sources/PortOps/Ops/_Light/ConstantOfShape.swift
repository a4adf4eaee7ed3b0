import PortIR

// Stand-in for the light models until the owner's version lands; replace freely.
enum ConstantOfShape: OpDefinition {
  static let opType = "ConstantOfShape"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    let element = context.attribute("value")?.tensor?.elementType ?? .float
    if let dims = context.value(0)?.dims {
      context.setOutput(0, .tensor(element, Shape(dims)))
    } else {
      let rank = context.shape(0)?.dims.first?.value
      context.setOutput(0, .tensor(element, rank.map { Shape(Array(repeating: .unknown, count: $0)) }))
    }
  }
}
