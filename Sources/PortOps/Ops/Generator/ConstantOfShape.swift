import PortIR

enum ConstantOfShape: OpDefinition {
  static let opType = "ConstantOfShape"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.int64])
    let elementType = context.attribute("value")?.tensor?.elementType ?? .float
    guard let dims = context.knownDims(0) else {
      context.setOutput(0, .tensor(elementType, context.shape(0)?.dims.first?.value.map { Shape(Array(repeating: .unknown, count: $0)) }))
      return
    }
    let shape = Shape(dims)
    var value: KnownValue?
    if let sizes = shape.fixedSizes, let count = shape.elementCount, count <= 64, sizes.count <= 1 {
      let fill = context.attribute("value")?.tensor ?? Tensor.zeros(.float, shape: [1])
      if fill.elementType == .int64 || fill.elementType == .int32, let element = fill.scalarInt {
        value = .tensor(Tensor(fill.elementType, shape: sizes, int64s: Array(repeating: element, count: count)))
      }
    }
    context.setOutput(0, .tensor(elementType, shape), value: value)
  }
}
