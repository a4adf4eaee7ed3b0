import PortIR

enum SequenceMap: OpDefinition {
  static let opType = "SequenceMap"
  static let signature = OpSignature(inputs: 1...OpSignature.variadic, outputs: 1...OpSignature.variadic)

  static func infer(_ context: inout InferenceContext) throws {
    let body = try context.subgraph("body")
    let inputs = (0..<context.inputCount).map { index -> ValueType in
      if case .sequence(let element) = context.type(index) { return element }
      return context.type(index)
    }
    let outputs = try context.inferSubgraph(body, inputs)
    for (index, type) in outputs.enumerated() { context.setOutput(index, .sequence(type.withUnknownDims)) }
  }
}
