import PortIR

enum Loop: OpDefinition {
  static let opType = "Loop"
  static let signature = OpSignature(inputs: 2...OpSignature.variadic, outputs: 1...OpSignature.variadic)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.int64])
    try context.require(1, in: [.bool])
    let body = try context.subgraph("body")
    let carried = context.inputCount - 2
    guard body.inputs.count == carried + 2 else {
      throw context.error("body takes \(body.inputs.count) inputs for \(carried) loop-carried values", code: .badArity)
    }
    let initial = (0..<carried).map { context.type($0 + 2) }
    // Carried values may change shape between iterations; the body sees only what stays.
    var inputs: [ValueType] = [.tensor(.int64, Shape([])), .tensor(.bool, Shape([]))] + initial
    var outputs = try context.inferSubgraph(body, inputs)
    for index in 0..<carried where index + 1 < outputs.count {
      let joined = initial[index].joined(with: outputs[index + 1])
      if joined != initial[index] { inputs[index + 2] = joined }
    }
    if inputs.dropFirst(2).elementsEqual(initial) == false { outputs = try context.inferSubgraph(body, inputs) }
    guard outputs.count >= carried + 1 else {
      throw context.error("body returns \(outputs.count) values for \(carried) loop-carried values", code: .badArity)
    }
    for index in 0..<carried {
      context.setOutput(index, inputs[index + 2].joined(with: outputs[index + 1]))
    }
    for index in (carried + 1)..<outputs.count {
      let scanned: ValueType
      if case .tensor(let type, let shape) = outputs[index] {
        scanned = .tensor(type, shape.map { Shape([.unknown] + $0.dims) })
      } else {
        scanned = .unknown
      }
      context.setOutput(index - 1, scanned)
    }
  }
}
