import PortIR

enum If: OpDefinition {
  static let opType = "If"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...OpSignature.variadic)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.bool])
    let thenTypes = try context.inferSubgraph(try context.subgraph("then_branch"), [])
    let elseTypes = try context.inferSubgraph(try context.subgraph("else_branch"), [])
    guard thenTypes.count == context.node.outputs.count, elseTypes.count == thenTypes.count else {
      throw context.error("branches have \(thenTypes.count) and \(elseTypes.count) outputs for \(context.node.outputs.count)", code: .badArity)
    }
    for index in thenTypes.indices {
      context.setOutput(index, thenTypes[index].joined(with: elseTypes[index]))
    }
  }
}
