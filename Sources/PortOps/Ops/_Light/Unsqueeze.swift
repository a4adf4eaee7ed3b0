import PortIR

// Stand-in for the light models until the owner's version lands; replace freely.
enum Unsqueeze: OpDefinition {
  static let opType = "Unsqueeze"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...1)
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    [Reduction.axesAsInput(node, &context, inputSince: 13)]
  }
  static func infer(_ context: inout InferenceContext) throws {
    guard let element = context.elementType(0) else { return }
    guard let shape = context.shape(0), let axes = context.ints(1) else { return context.setOutput(0, .tensor(element, nil)) }
    let rank = shape.rank + axes.count
    let normalized = Set(try axes.map { try context.axis($0, rank: rank, "axes") })
    var rest = shape.dims.makeIterator()
    let dims = (0..<rank).map { normalized.contains($0) ? Dim.fixed(1) : (rest.next() ?? .unknown) }
    context.setOutput(0, .tensor(element, Shape(dims)))
  }
}
