import PortIR

enum Flatten: OpDefinition {
  static let opType = "Flatten"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, Shape([.unknown, .unknown])))
      return
    }
    var axis = context.int("axis", default: 1)
    if axis < 0 { axis += shape.rank }
    guard axis >= 0, axis <= shape.rank else { throw context.error("axis \(axis) is out of range", code: .badAttribute) }
    let outer = TensorOps.product(Array(shape.dims[..<axis]))
    let inner = TensorOps.product(Array(shape.dims[axis...]))
    context.setOutput(0, .tensor(elementType, Shape([outer, inner])))
  }
}
