import PortIR

enum SliceOp: OpDefinition {
  static let opType = "Slice"
  static let signature = OpSignature(inputs: 3...5, outputs: 1...1)

  /// Slice-1 takes starts, ends and axes as attributes.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = TensorOps.attributesAsInputs(node, &context, [("starts", 1), ("ends", 2), ("axes", 3)])
    TensorOps.trimInputs(&result)
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    guard let starts = context.constant(1)?.int64s(), let ends = context.constant(2)?.int64s() else {
      context.setOutput(0, .tensor(elementType, Shape(Array(repeating: .unknown, count: shape.rank))))
      return
    }
    var axes = Array(0..<starts.count)
    if context.has(3) {
      guard let given = context.ints(3) else {
        context.setOutput(0, .tensor(elementType, Shape(Array(repeating: .unknown, count: shape.rank))))
        return
      }
      axes = try given.map { try context.axis($0, rank: shape.rank, "axes") }
    }
    var steps = Array(repeating: Int64(1), count: starts.count)
    if context.has(4) {
      guard let given = context.constant(4)?.int64s() else {
        context.setOutput(0, .tensor(elementType, Shape(Array(repeating: .unknown, count: shape.rank))))
        return
      }
      steps = given
    }
    guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count else {
      throw context.error("starts, ends, axes and steps differ in length", code: .shapeMismatch)
    }
    var dims = shape.dims
    var ranges: [Int: (start: Int, count: Int, step: Int)] = [:]
    for (index, axis) in axes.enumerated() {
      guard steps[index] != 0 else { throw context.error("a step is 0", code: .badAttribute) }
      guard let size = shape.dims[axis].value else { dims[axis] = .unknown; continue }
      let step = TensorOps.clampInt(steps[index])
      let range = TensorOps.sliceRange(
        start: TensorOps.clampInt(starts[index]), end: TensorOps.clampInt(ends[index]), step: step, size: size)
      dims[axis] = .fixed(range.count)
      ranges[axis] = (range.start, range.count, step)
    }
    var value: KnownValue?
    if shape.rank == 1, let elements = context.knownDims(0), let range = ranges[0] ?? (axes.isEmpty ? (0, elements.count, 1) : nil) {
      value = .dims((0..<range.count).map { elements[range.start + $0 * range.step] }, scalar: false)
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)), value: value)
  }
}
