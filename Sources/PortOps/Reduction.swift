import PortIR

/// The shared form of the Reduce* family. Canonical: axes as the optional second input (opset 18;
/// ReduceSum since 13), `keepdims` and `noop_with_empty_axes` attributes.
enum Reduction {
  /// Moves an `axes` attribute (older opsets) to an int64 constant input.
  static func axesAsInput(_ node: Node, _ context: inout CanonicalizationContext, inputSince: Int) -> Node {
    var result = node
    guard let axes = result.attributes.removeValue(forKey: "axes")?.ints else { return result }
    let name = context.constant(Tensor(int64s: axes.map(Int64.init)), name: (node.name.isEmpty ? "axes" : node.name + "_axes"))
    if result.inputs.count < 2 { result.inputs.append(name) } else { result.inputs[1] = name }
    return result
  }

  static func infer(_ context: inout InferenceContext, allowed: Set<ElementType>, resultType: ElementType? = nil) throws {
    try context.require(0, in: allowed)
    guard let elementType = resultType ?? context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    let keepdims = context.int("keepdims", default: 1) != 0
    let noopWhenEmpty = context.int("noop_with_empty_axes", default: 0) != 0
    var axes: [Int]
    if context.has(1) {
      guard let given = context.ints(1) else {
        // Axes computed at run time: the rank is known only when dims are kept.
        context.setOutput(0, .tensor(elementType, keepdims ? Shape(Array(repeating: .unknown, count: shape.rank)) : nil))
        return
      }
      axes = given
    } else {
      axes = []
    }
    if axes.isEmpty {
      if noopWhenEmpty {
        context.setOutput(0, .tensor(elementType, shape))
        return
      }
      axes = Array(0..<shape.rank)
    }
    let normalized = Set(try axes.map { try context.axis($0, rank: shape.rank, "axes") })
    var dims: [Dim] = []
    for (index, dim) in shape.dims.enumerated() {
      if normalized.contains(index) {
        if keepdims { dims.append(.fixed(1)) }
      } else {
        dims.append(dim)
      }
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
