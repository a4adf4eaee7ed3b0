import PortIR

enum GroupNormalization: OpDefinition {
  static let opType = "GroupNormalization"
  /// X, scale [C], bias [C] (opset 21; opset 18 had them per group).
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  /// Opset 18's scale and bias hold one value per group; canonical (21) one per channel, so each
  /// group's value is repeated C/G times. Needs them constant and C known.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 21 else { return [node] }
    let groups = node.attributes["num_groups"]?.int ?? 0
    guard let channels = context.graph.type(of: node.inputs[0]).shape.flatMap({ $0.rank > 1 ? $0.dims[1].value : nil }),
      groups > 0, channels % groups == 0,
      let scale = context.constantValue(node.inputs[1]), let bias = context.constantValue(node.inputs[2])
    else {
      throw PortError(
        .unsupported, "GroupNormalization-18 needs constant per-group scale and bias and a known channel count",
        at: Location(node: node.name))
    }
    var result = node
    for (position, tensor) in [(1, scale), (2, bias)] {
      let perGroup = tensor.doubles()
      guard perGroup.count == groups else {
        throw PortError(.shapeMismatch, "GroupNormalization-18: input \(position) must hold num_groups values", at: Location(node: node.name))
      }
      let perChannel = (0..<channels).map { perGroup[$0 / (channels / groups)] }
      result.inputs[position] = context.constant(
        Tensor(tensor.elementType, shape: [channels], doubles: perChannel), name: node.inputs[position] + "_per_channel")
    }
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    context.setOutput(0, context.sameAsInput(0))
  }
}
