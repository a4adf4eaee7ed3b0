import PortIR

/// Canonical form: DFT-20 — input, optional dft_length, optional axis (int64 scalar, default -2);
/// attributes inverse, onesided. DFT-17 had `axis` as an attribute (default 1).
enum DFT: OpDefinition {
  static let opType = "DFT"
  static let signature = OpSignature(inputs: 1...3, outputs: 1...1)

  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 20 else { return [node] }
    var result = node
    let axis = result.attributes.removeValue(forKey: "axis")?.int ?? 1
    let name = context.constant(Tensor(int64s: [Int64(axis)], shape: []), name: node.name.isEmpty ? "axis" : node.name + "_axis")
    NNAdv.setInput(&result, 2, name)
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let type = context.elementType(0) else { return }
    guard let shape = context.shape(0), shape.rank >= 2 else {
      context.setOutput(0, .tensor(type, nil))
      return
    }
    let inverse = context.int("inverse", default: 0) != 0
    let onesided = context.int("onesided", default: 0) != 0
    var dims = shape.dims
    let axisValue = context.has(2) ? context.ints(2)?.first : -2
    guard let axisValue else {
      context.setOutput(0, .tensor(type, Shape(Array(repeating: .unknown, count: shape.rank))))
      return
    }
    let axis = try context.axis(axisValue, rank: shape.rank)
    var length: Dim = dims[axis]
    if context.has(1) {
      length = context.ints(1)?.first.map { .fixed($0) } ?? .unknown
    } else if inverse && onesided {
      length = dims[axis].value.map { .fixed(2 * ($0 - 1)) } ?? .unknown
    }
    if inverse && onesided {
      dims[axis] = length
      dims[dims.count - 1] = .fixed(1)
    } else {
      dims[axis] = onesided ? (length.value.map { .fixed($0 / 2 + 1) } ?? .unknown) : length
      dims[dims.count - 1] = .fixed(2)
    }
    context.setOutput(0, .tensor(type, Shape(dims)))
  }
}
