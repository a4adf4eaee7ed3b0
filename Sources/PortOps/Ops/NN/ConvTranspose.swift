import PortIR

enum ConvTranspose: OpDefinition {
  static let opType = "ConvTranspose"
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let element = try context.requireSameType([0, 1, 2]) else { return }
    guard let shape = context.shape(0), let kernel = NNCore.kernelShape(context, weight: 1) else {
      context.setOutput(0, .tensor(element, context.shape(0).map { Shape(Array(repeating: .unknown, count: $0.rank)) }))
      return
    }
    let spatial = kernel.count
    guard shape.rank == spatial + 2 else {
      throw context.error("input rank \(shape.rank) does not match a \(spatial)-D kernel", code: .shapeMismatch)
    }
    let group = context.int("group", default: 1)
    let channels: Dim = context.shape(1).flatMap { $0.rank > 1 ? $0.dims[1].value.map { .fixed($0 * group) } : nil } ?? .unknown
    var dims: [Dim] = [shape.dims[0], channels]
    if let outputShape = context.ints("output_shape") {
      let spatialShape = Array(outputShape.suffix(spatial))
      dims += spatialShape.map { .fixed($0) }
    } else {
      let window = try NNCore.Window(context, kernel: kernel)
      let outputPadding = context.ints("output_padding") ?? Array(repeating: 0, count: spatial)
      for axis in 0..<spatial {
        guard let size = shape.dims[axis + 2].value else {
          dims.append(.unknown)
          continue
        }
        if window.autoPad == "SAME_UPPER" || window.autoPad == "SAME_LOWER" {
          dims.append(.fixed(size * window.strides[axis]))
          continue
        }
        let pads = window.autoPad == "VALID" ? 0 : window.pads[axis] + window.pads[axis + spatial]
        let extent = (kernel[axis] - 1) * window.dilations[axis] + 1
        dims.append(.fixed(window.strides[axis] * (size - 1) + outputPadding[axis] + extent - pads))
      }
    }
    context.setOutput(0, .tensor(element, Shape(dims)))
  }
}
