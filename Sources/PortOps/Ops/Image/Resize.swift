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
      return try legacy(node, &context)
    }
    // Opset 11 had to pass empty tensors for roi and scales it did not use; canonical form omits them.
    for index in 1..<min(result.inputs.count, 3) {
      if let constant = context.constantValue(result.inputs[index]), constant.count == 0 { result.inputs[index] = "" }
    }
    while result.inputs.count > 1, result.inputs.last == "" { result.inputs.removeLast() }
    return [result]
  }

  /// Resize-10 takes (X, scales) and maps output index i to input i / scale (asymmetric). Nearest
  /// rounds down when upsampling and up when downsampling, per axis (onnxruntime's behaviour, which
  /// ONNX's Resize-10 tests encode); an axis-mixed constant scale splits into two separable Resizes.
  static func legacy(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    let scalesName = node.inputs.count > 1 ? node.inputs[1] : ""
    result.inputs = [node.inputs[0], "", scalesName]
    result.attributes["coordinate_transformation_mode"] = .string("asymmetric")
    result.attributes["nearest_mode"] = .string("floor")
    guard (node.attributes["mode"]?.string ?? "nearest") == "nearest",
      let scales = context.constantValue(scalesName)?.doubles()
    else { return [result] }
    let down = scales.map { $0 < 1 }
    let up = scales.map { $0 > 1 }
    if !down.contains(true) { return [result] }
    if !up.contains(true) {
      result.attributes["nearest_mode"] = .string("ceil")
      return [result]
    }
    let base = node.name.isEmpty ? "resize" : node.name
    let downScales = context.constant(
      Tensor(shape: [scales.count], floats: scales.map { Float($0 < 1 ? $0 : 1) }), name: base + "_down_scales")
    let upScales = context.constant(
      Tensor(shape: [scales.count], floats: scales.map { Float($0 > 1 ? $0 : 1) }), name: base + "_up_scales")
    let middle = context.freshName(base + "_downsampled")
    var first = result
    first.name = context.freshName(base + "_down")
    first.inputs = [node.inputs[0], "", downScales]
    first.outputs = [middle]
    first.attributes["nearest_mode"] = .string("ceil")
    var second = result
    second.inputs = [middle, "", upScales]
    return [first, second]
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
