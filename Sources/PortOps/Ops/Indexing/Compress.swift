import PortIR

enum Compress: OpDefinition {
  static let opType = "Compress"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.bool])
    guard let elementType = context.elementType(0) else { return }
    guard let axis = context.attribute("axis")?.int else {
      context.setOutput(0, .tensor(elementType, Shape([.unknown])))
      return
    }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    var dims = shape.dims
    dims[try context.axis(axis, rank: shape.rank)] = .unknown
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
