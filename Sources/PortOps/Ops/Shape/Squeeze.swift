import PortIR

enum Squeeze: OpDefinition {
  static let opType = "Squeeze"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...1)

  /// Before 13, `axes` is an attribute.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    [TensorOps.attributesAsInputs(node, &context, [("axes", 1)])]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    var removed: Set<Int>
    if context.has(1) {
      guard let axes = context.ints(1) else {
        context.setOutput(0, .tensor(elementType, nil))
        return
      }
      removed = Set(try axes.map { try context.axis($0, rank: shape.rank, "axes") })
      for axis in removed where shape.dims[axis].value.map({ $0 != 1 }) ?? false {
        throw context.error("cannot squeeze axis \(axis) of size \(shape.dims[axis])", code: .shapeMismatch)
      }
    } else {
      guard shape.isStatic || !shape.dims.contains(where: { $0.value == nil }) else {
        context.setOutput(0, .tensor(elementType, nil))
        return
      }
      removed = Set(shape.dims.indices.filter { shape.dims[$0] == .fixed(1) })
    }
    let dims = shape.dims.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    var value: KnownValue?
    if let elements = context.knownDims(0), dims.count <= 1 { value = .dims(elements, scalar: dims.isEmpty) }
    context.setOutput(0, .tensor(elementType, Shape(dims)), value: value)
  }
}
