import PortIR

enum Concat: OpDefinition {
  static let opType = "Concat"
  static let signature = OpSignature(inputs: 1...OpSignature.variadic, outputs: 1...1)

  /// Concat-1 defaults `axis` to 1; later versions require it.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    if result.attributes["axis"] == nil && node.opsetVersion < 4 { result.attributes["axis"] = .int(1) }
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    let indices = Array(0..<context.inputCount)
    guard let elementType = try context.requireSameType(indices) else { return }
    let shapes = indices.map { context.shape($0) }
    guard let rank = shapes.compactMap({ $0?.rank }).first else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    let axis = try context.axis(context.int("axis", default: 0), rank: rank)
    var dims = Array(repeating: Dim.unknown, count: rank)
    var total: [Dim] = []
    for shape in shapes {
      guard let shape else { total.append(.unknown); continue }
      guard shape.rank == rank else { throw context.error("inputs have ranks \(rank) and \(shape.rank)", code: .shapeMismatch) }
      for position in 0..<rank where position != axis {
        if dims[position] == .unknown || dims[position].value == nil && shape.dims[position].value != nil {
          dims[position] = shape.dims[position]
        }
      }
      total.append(shape.dims[axis])
    }
    dims[axis] = TensorOps.sum(total)
    var value: KnownValue?
    if rank == 1 {
      var elements: [Dim] = []
      for index in indices {
        guard let known = context.knownDims(index) else { elements = []; break }
        elements += known
      }
      if !elements.isEmpty || indices.allSatisfy({ context.shape($0)?.dims.first == .fixed(0) }) {
        if elements.count == dims[0].value { value = .dims(elements, scalar: false) }
      }
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)), value: value)
  }
}
