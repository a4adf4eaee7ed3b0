import PortIR

enum Pad: OpDefinition {
  static let opType = "Pad"
  static let signature = OpSignature(inputs: 2...4, outputs: 1...1)

  /// Pad-1 (`paddings`) and Pad-2 (`pads`) hold the pads and `value` as attributes; Pad-11 made them
  /// inputs and Pad-18 added `axes`.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 11 else { return [node] }
    var result = node
    let pads = result.attributes.removeValue(forKey: "pads")?.ints ?? result.attributes.removeValue(forKey: "paddings")?.ints ?? []
    let value = result.attributes.removeValue(forKey: "value")?.float ?? 0
    result.attributes.removeValue(forKey: "paddings")
    result.inputs = [node.inputs[0], context.constant(Tensor(int64s: pads.map(Int64.init)), name: node.name + "_pads")]
    let mode = result.attributes["mode"]?.string ?? "constant"
    if mode == "constant" {
      let elementType = context.graph.type(of: node.inputs[0]).elementType ?? .float
      result.inputs.append(context.constant(Tensor(elementType, shape: [], doubles: [Double(value)]), name: node.name + "_value"))
    }
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    let unknown = ValueType.tensor(elementType, Shape(Array(repeating: .unknown, count: shape.rank)))
    guard let pads = context.ints(1) else { return context.setOutput(0, unknown) }
    var axes = Array(0..<shape.rank)
    if context.has(3) {
      guard let given = context.ints(3) else { return context.setOutput(0, unknown) }
      axes = try given.map { try context.axis($0, rank: shape.rank, "axes") }
    }
    guard pads.count == 2 * axes.count else {
      throw context.error("\(pads.count) pads for \(axes.count) axes", code: .shapeMismatch)
    }
    var dims = shape.dims
    for (index, axis) in axes.enumerated() {
      dims[axis] = dims[axis].value.map { .fixed($0 + pads[index] + pads[index + axes.count]) } ?? .unknown
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
