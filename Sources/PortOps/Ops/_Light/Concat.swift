import PortIR

// Stand-in for the light models until the owner's version lands; replace freely.
enum Concat: OpDefinition {
  static let opType = "Concat"
  static let signature = OpSignature(inputs: 1...Int.max, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    guard let element = try context.requireSameType(Array(0..<context.inputCount)) else { return }
    let shapes = (0..<context.inputCount).compactMap { context.shape($0) }
    guard shapes.count == context.inputCount, let first = shapes.first else { return context.setOutput(0, .tensor(element, nil)) }
    let axis = try context.axis(context.int("axis", default: 0), rank: first.rank)
    var dims = first.dims
    let sizes = shapes.map { $0.dims[axis].value }
    dims[axis] = sizes.allSatisfy { $0 != nil } ? .fixed(sizes.compactMap { $0 }.reduce(0, +)) : .unknown
    var value: KnownValue?
    if first.rank == 1 {
      let parts = (0..<context.inputCount).map { context.value($0)?.dims }
      if parts.allSatisfy({ $0 != nil }) { value = .dims(parts.compactMap { $0 }.flatMap { $0 }, scalar: false) }
    }
    context.setOutput(0, .tensor(element, Shape(dims)), value: value)
  }
}
