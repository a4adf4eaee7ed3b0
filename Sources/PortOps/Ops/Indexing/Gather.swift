import PortIR

enum Gather: OpDefinition {
  static let opType = "Gather"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int32, .int64])
    guard let elementType = context.elementType(0) else { return }
    guard let data = context.shape(0), let indices = context.shape(1) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    let axis = try context.axis(context.int("axis", default: 0), rank: data.rank)
    let dims = Array(data.dims[..<axis]) + indices.dims + Array(data.dims[(axis + 1)...])
    var value: KnownValue?
    // Shape → Gather: picking dims of a known shape vector.
    if data.rank == 1, let elements = context.knownDims(0), let picks = context.ints(1) {
      var picked: [Dim] = []
      for pick in picks {
        let position = pick < 0 ? pick + elements.count : pick
        guard position >= 0, position < elements.count else {
          throw context.error("index \(pick) is out of range for \(elements.count) elements", code: .shapeMismatch)
        }
        picked.append(elements[position])
      }
      value = .dims(picked, scalar: indices.rank == 0)
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)), value: value)
  }
}
