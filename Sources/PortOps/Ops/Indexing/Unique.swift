import PortIR

enum Unique: OpDefinition {
  static let opType = "Unique"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...4)

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    var y: Shape? = Shape([.unknown])
    if let axis = context.attribute("axis")?.int, let shape = context.shape(0) {
      let normalized = try context.axis(axis, rank: shape.rank)
      var dims = shape.dims
      dims[normalized] = .unknown
      y = Shape(dims)
    } else if context.attribute("axis") != nil {
      y = nil
    }
    context.setOutput(0, .tensor(elementType, y))
    for index in 1..<4 { context.setOutput(index, .tensor(.int64, Shape([.unknown]))) }
  }
}
