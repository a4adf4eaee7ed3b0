import PortIR

enum TopK: OpDefinition {
  static let opType = "TopK"
  static let signature = OpSignature(inputs: 2...2, outputs: 2...2)

  /// TopK-1 takes `k` as an attribute.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    guard let k = result.attributes.removeValue(forKey: "k")?.int else { return [node] }
    TensorOps.setInput(&result, 1, context.constant(Tensor(int64s: [Int64(k)]), name: node.name + "_k"))
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int64])
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      context.setOutput(1, .tensor(.int64, nil))
      return
    }
    let axis = try context.axis(context.int("axis", default: -1), rank: shape.rank)
    var dims = shape.dims
    dims[axis] = context.ints(1)?.first.map { .fixed($0) } ?? .unknown
    context.setOutput(0, .tensor(elementType, Shape(dims)))
    context.setOutput(1, .tensor(.int64, Shape(dims)))
  }
}
