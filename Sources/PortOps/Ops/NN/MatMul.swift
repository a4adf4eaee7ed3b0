import PortIR

enum MatMul: OpDefinition {
  static let opType = "MatMul"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric)
    guard let element = try context.requireSameType([0, 1]) else { return }
    context.setOutput(0, .tensor(element, try NNCore.matmulShape(context, 0, 1)))
  }
}
