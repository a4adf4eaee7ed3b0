import PortIR

enum Tile: OpDefinition {
  static let opType = "Tile"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Tile-1 repeats one `axis` (a scalar input) `tiles` times; the canonical form takes one repeat
  /// count per axis, which needs the rank and both scalars as constants.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 6, node.inputs.count == 3 else { return [node] }
    guard let tiles = context.constantValue(node.inputs[1])?.scalarInt,
      let axis = context.constantValue(node.inputs[2])?.scalarInt,
      let rank = context.graph.type(of: node.inputs[0]).shape?.rank, axis >= 0, Int(axis) < rank
    else {
      throw PortError(.unsupported, "Tile-1 needs constant tiles and axis and a known input rank", at: Location(node: node.name))
    }
    var repeats = Array(repeating: Int64(1), count: rank)
    repeats[Int(axis)] = tiles
    var result = node
    result.inputs = [node.inputs[0], context.constant(Tensor(int64s: repeats), name: node.name + "_repeats")]
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    guard let repeats = context.ints(1) else {
      context.setOutput(0, .tensor(elementType, Shape(Array(repeating: .unknown, count: shape.rank))))
      return
    }
    guard repeats.count == shape.rank else { throw context.error("\(repeats.count) repeats for rank \(shape.rank)", code: .shapeMismatch) }
    let dims = zip(shape.dims, repeats).map { dim, count -> Dim in
      if count == 1 { return dim }
      return dim.value.map { .fixed($0 * count) } ?? .unknown
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
