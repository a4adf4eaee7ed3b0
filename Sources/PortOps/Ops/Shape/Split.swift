import PortIR

enum Split: OpDefinition {
  static let opType = "Split"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...OpSignature.variadic)

  /// Before 13 the sizes are an attribute (Split-1 also took them as an input); Split-18 needs
  /// sizes or `num_outputs`, which older forms leave implicit as the output count.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = TensorOps.attributesAsInputs(node, &context, [("split", 1)])
    TensorOps.trimInputs(&result)
    if result.input(1) == nil && result.attributes["num_outputs"] == nil {
      result.attributes["num_outputs"] = .int(node.outputs.count)
    }
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    let count = context.node.outputs.count
    guard let shape = context.shape(0) else {
      for index in 0..<count { context.setOutput(index, .tensor(elementType, nil)) }
      return
    }
    let axis = try context.axis(context.int("axis", default: 0), rank: shape.rank)
    var sizes: [Dim] = Array(repeating: .unknown, count: count)
    if context.has(1) {
      if let given = context.ints(1) {
        guard given.count == count else { throw context.error("\(given.count) split sizes for \(count) outputs", code: .shapeMismatch) }
        sizes = given.map { .fixed($0) }
      }
    } else if let total = shape.dims[axis].value {
      let parts = context.int("num_outputs", default: count)
      let chunk = (total + parts - 1) / max(parts, 1)
      for index in 0..<count { sizes[index] = .fixed(max(0, min(chunk, total - chunk * index))) }
    }
    for index in 0..<count {
      var dims = shape.dims
      dims[axis] = sizes[index]
      context.setOutput(index, .tensor(elementType, Shape(dims)))
    }
  }
}
