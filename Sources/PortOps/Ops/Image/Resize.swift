import PortIR

/// Canonical form: Resize-19 — inputs X, roi, scales, sizes (all but X optional, `""` when absent),
/// attributes antialias, axes, coordinate_transformation_mode, cubic_coeff_a, exclude_outside,
/// extrapolation_value, keep_aspect_ratio_policy, mode, nearest_mode.
enum Resize: OpDefinition {
  static let opType = "Resize"
  static let signature = OpSignature(inputs: 1...4, outputs: 1...1)

  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    if node.opsetVersion < 11 {
      // Resize-10 is Upsample-9: inputs (X, scales), asymmetric coordinates, nearest rounds down.
      let scales = node.inputs.count > 1 ? node.inputs[1] : ""
      result.inputs = [node.inputs[0], "", scales]
      result.attributes["coordinate_transformation_mode"] = .string("asymmetric")
      result.attributes["nearest_mode"] = .string("floor")
      return [result]
    }
    // Opset 11 had to pass empty tensors for roi and scales it did not use; canonical form omits them.
    for index in 1..<min(result.inputs.count, 3) {
      if let constant = context.constantValue(result.inputs[index]), constant.count == 0 { result.inputs[index] = "" }
    }
    while result.inputs.count > 1, result.inputs.last == "" { result.inputs.removeLast() }
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let type = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(type, nil))
      return
    }
    let rank = shape.rank
    let axes = try (context.ints("axes") ?? Array(0..<rank)).map { try context.axis($0, rank: rank, "axes") }
    var dims = shape.dims
    if context.has(3) {
      guard let sizes = context.ints(3), sizes.count == axes.count else {
        context.setOutput(0, .tensor(type, Shape(dims.indices.map { axes.contains($0) ? .unknown : dims[$0] })))
        return
      }
      let policy = context.string("keep_aspect_ratio_policy", default: "stretch")
      if policy == "stretch" {
        for (i, axis) in axes.enumerated() { dims[axis] = .fixed(sizes[i]) }
      } else {
        let inputs = axes.map { shape.dims[$0].value }
        if inputs.allSatisfy({ $0 != nil }) {
          let ratios = axes.indices.map { Double(sizes[$0]) / Double(inputs[$0] ?? 1) }
          let scale = policy == "not_larger" ? (ratios.min() ?? 1) : (ratios.max() ?? 1)
          for (i, axis) in axes.enumerated() { dims[axis] = .fixed(Int(scale * Double(inputs[i] ?? 0) + 0.5)) }
        } else {
          for axis in axes { dims[axis] = .unknown }
        }
      }
    } else if context.has(2), let scales = context.constant(2)?.doubles(), scales.count == axes.count {
      for (i, axis) in axes.enumerated() {
        dims[axis] = shape.dims[axis].value.map { .fixed(Int(scales[i] * Double($0))) } ?? .unknown
      }
    } else {
      for axis in axes { dims[axis] = .unknown }
    }
    context.setOutput(0, .tensor(type, Shape(dims)))
  }
}
