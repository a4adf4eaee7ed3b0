import PortIR

enum Reshape: OpDefinition {
  static let opType = "Reshape"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  /// Reshape-1 takes the shape as an attribute.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = TensorOps.attributesAsInputs(node, &context, [("shape", 1)])
    result.attributes.removeValue(forKey: "consumed_inputs")
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int64])
    guard let elementType = context.elementType(0) else { return }
    let allowZero = context.int("allowzero", default: 0) != 0
    guard let requested = context.knownDims(1) else {
      let rank = context.shape(1)?.dims.first?.value
      context.setOutput(0, .tensor(elementType, rank.map { Shape(Array(repeating: .unknown, count: $0)) }))
      return
    }
    let input = context.shape(0)
    var dims: [Dim] = []
    var inferred: Int?
    for (position, dim) in requested.enumerated() {
      switch dim.value {
      case 0 where !allowZero:
        guard let input else { dims.append(.unknown); continue }
        guard position < input.rank else { throw context.error("shape copies dim \(position) of a rank-\(input.rank) input", code: .shapeMismatch) }
        dims.append(input.dims[position])
      case -1:
        if inferred != nil { throw context.error("shape has more than one -1", code: .shapeMismatch) }
        inferred = position
        dims.append(.unknown)
      default:
        if let value = dim.value, value < -1 { throw context.error("shape has negative size \(value)", code: .shapeMismatch) }
        dims.append(dim)
      }
    }
    if let inferred, let input {
      // The -1 is the input's element count over the other sizes, when both are known, or
      // the remaining symbol when the other dims match the input's exactly.
      let known = dims.enumerated().filter { $0.offset != inferred }.map(\.element)
      if let total = TensorOps.product(input.dims).value, let rest = TensorOps.product(known).value {
        if rest != 0 && total % rest == 0 { dims[inferred] = .fixed(total / rest) }
        else if rest == 0 && total == 0 { dims[inferred] = .fixed(0) }
        else { throw context.error("cannot reshape \(input) to \(Shape(dims))", code: .shapeMismatch) }
      } else {
        var remaining = input.dims
        var unmatched: [Dim] = []
        for dim in known {
          // Unknown dims are never known to be equal.
          if dim != .unknown, let index = remaining.firstIndex(of: dim) { remaining.remove(at: index) } else { unmatched.append(dim) }
        }
        if unmatched.isEmpty && remaining.count == 1 {
          dims[inferred] = remaining[0]
        } else if unmatched.isEmpty, let rest = TensorOps.product(remaining).value {
          dims[inferred] = .fixed(rest)
        }
      }
    }
    var value: KnownValue?
    if let known = context.value(0), let elements = known.dims, dims.count <= 1 {
      value = .dims(elements, scalar: dims.isEmpty)
    }
    context.setOutput(0, .tensor(elementType, Shape(dims)), value: value)
  }
}
