import PortIR

enum Unsqueeze: OpDefinition {
  static let opType = "Unsqueeze"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Before 13, `axes` is an attribute.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    [TensorOps.attributesAsInputs(node, &context, [("axes", 1)])]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0), let axes = context.ints(1) else {
      let rank = context.rank(0).flatMap { r in context.shape(1)?.dims.first?.value.map { r + $0 } }
      context.setOutput(0, .tensor(elementType, rank.map { Shape(Array(repeating: .unknown, count: $0)) }))
      return
    }
    let rank = shape.rank + axes.count
    let inserted = Set(try axes.map { try context.axis($0, rank: rank, "axes") })
    guard inserted.count == axes.count else { throw context.error("axes repeat", code: .badAttribute) }
    var rest = shape.dims.makeIterator()
    let dims = (0..<rank).map { inserted.contains($0) ? .fixed(1) : (rest.next() ?? .unknown) }
    var value: KnownValue?
    if let elements = context.knownDims(0), dims.count <= 1 { value = .dims(elements, scalar: false) }
    context.setOutput(0, .tensor(elementType, Shape(dims)), value: value)
  }
}
