import PortIR

enum Clip: OpDefinition {
  static let opType = "Clip"
  static let signature = OpSignature(inputs: 1...3, outputs: 1...1)

  /// Opsets < 11 gave `min`/`max` as float attributes (default: unbounded); canonical Clip takes
  /// them as optional scalar inputs of X's type. Opsets < 6 also carried `consumed_inputs`.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    result.attributes.removeValue(forKey: "consumed_inputs")
    let low = result.attributes.removeValue(forKey: "min")?.float
    let high = result.attributes.removeValue(forKey: "max")?.float
    guard node.opsetVersion < 11 else { return [result] }
    let type = context.graph.type(of: node.inputs[0]).elementType ?? .float
    var inputs = [node.inputs[0], "", ""]
    if let low {
      inputs[1] = context.constant(Tensor(type, shape: [], doubles: [Double(low)]), name: node.name + "_min")
    }
    if let high {
      inputs[2] = context.constant(Tensor(type, shape: [], doubles: [Double(high)]), name: node.name + "_max")
    }
    while inputs.count > 1, inputs.last == "" { inputs.removeLast() }
    result.inputs = inputs
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric)
    try context.requireSameType([0, 1, 2])
    for index in [1, 2] where context.has(index) {
      if let rank = context.rank(index), rank != 0, context.shape(index)?.elementCount != 1 {
        throw context.error("input \(index) must be a scalar", code: .shapeMismatch)
      }
    }
    context.setOutput(0, context.sameAsInput(0))
  }
}
