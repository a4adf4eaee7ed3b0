import PortIR

/// Canonical form: GridSample-22 (modes linear/nearest/cubic, N-D). GridSample-16 spelled the
/// modes bilinear and bicubic.
enum GridSample: OpDefinition {
  static let opType = "GridSample"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    switch node.attributes["mode"]?.string {
    case "bilinear": result.attributes["mode"] = .string("linear")
    case "bicubic": result.attributes["mode"] = .string("cubic")
    case nil where node.opsetVersion < 20: result.attributes["mode"] = .string("linear")
    default: break
    }
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: TypeSets.floats, "grid")
    guard let type = context.elementType(0) else { return }
    guard let x = context.shape(0), let grid = context.shape(1), grid.rank >= 3 else {
      context.setOutput(0, .tensor(type, nil))
      return
    }
    context.setOutput(0, .tensor(type, Shape([x.dims[0], x.dims[1]] + grid.dims[1..<(grid.rank - 1)])))
  }
}
