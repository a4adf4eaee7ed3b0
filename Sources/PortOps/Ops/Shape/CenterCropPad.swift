import PortIR

enum CenterCropPad: OpDefinition {
  static let opType = "CenterCropPad"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    var dims = shape.dims
    let axes = try (context.ints("axes") ?? Array(0..<shape.rank)).map { try context.axis($0, rank: shape.rank, "axes") }
    var sizes = context.ints(1)
    if let given = sizes, given.count != axes.count {
      throw context.error("\(given.count) sizes for \(axes.count) axes", code: .shapeMismatch)
    }
    if sizes?.contains(where: { $0 < 0 }) ?? false { sizes = nil }
    for (index, axis) in axes.enumerated() {
      dims[axis] = sizes.map { .fixed($0[index]) } ?? .unknown
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
