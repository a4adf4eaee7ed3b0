import PortIR

enum MaxUnpool: OpDefinition {
  static let opType = "MaxUnpool"
  /// X, I, output_shape.
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try context.require(1, in: [.int64])
    guard let element = context.elementType(0) else { return }
    if context.has(2) {
      if let dims = context.value(2)?.dims {
        context.setOutput(0, .tensor(element, Shape(dims)))
      } else {
        context.setOutput(0, .tensor(element, context.shape(0).map { Shape(Array(repeating: .unknown, count: $0.rank)) }))
      }
      return
    }
    guard let shape = context.shape(0), let kernel = context.ints("kernel_shape") else {
      context.setOutput(0, .tensor(element, nil))
      return
    }
    guard shape.rank == kernel.count + 2 else { throw context.error("input rank does not match kernel_shape", code: .shapeMismatch) }
    let window = try NNCore.Window(context, kernel: kernel)
    var dims = Array(shape.dims.prefix(2))
    for axis in 0..<kernel.count {
      dims.append(shape.dims[axis + 2].value.map {
        .fixed(($0 - 1) * window.strides[axis] + kernel[axis] - window.pads[axis] - window.pads[axis + kernel.count])
      } ?? .unknown)
    }
    context.setOutput(0, .tensor(element, Shape(dims)))
  }
}
