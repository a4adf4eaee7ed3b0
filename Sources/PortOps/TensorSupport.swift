import PortIR

/// Helpers shared by the tensor-manipulation, indexing, reduction, sequence and control-flow
/// operator definitions.
enum TensorOps {
  /// Moves int-list attributes of older opsets to int64 constant inputs at the given positions
  /// (omitted positions before them become `""`).
  static func attributesAsInputs(
    _ node: Node, _ context: inout CanonicalizationContext, _ moves: [(attribute: String, position: Int)]
  ) -> Node {
    var result = node
    for (attribute, position) in moves {
      guard let values = result.attributes.removeValue(forKey: attribute)?.ints else { continue }
      let name = context.constant(
        Tensor(int64s: values.map(Int64.init)), name: (node.name.isEmpty ? attribute : node.name + "_" + attribute))
      setInput(&result, position, name)
    }
    return result
  }

  static func setInput(_ node: inout Node, _ position: Int, _ name: String) {
    while node.inputs.count <= position { node.inputs.append("") }
    node.inputs[position] = name
  }

  /// Drops trailing omitted inputs.
  static func trimInputs(_ node: inout Node) {
    while let last = node.inputs.last, last.isEmpty { node.inputs.removeLast() }
  }

  /// The product of dims, when all are fixed.
  static func product(_ dims: [Dim]) -> Dim {
    var total = 1
    for dim in dims {
      guard let value = dim.value else { return .unknown }
      let (next, overflow) = total.multipliedReportingOverflow(by: value)
      if overflow { return .unknown }
      total = next
    }
    return .fixed(total)
  }

  /// The sum of dims, when all are fixed.
  static func sum(_ dims: [Dim]) -> Dim {
    var total = 0
    for dim in dims {
      guard let value = dim.value else { return .unknown }
      total += value
    }
    return .fixed(total)
  }

  /// Python-style clamped slice bounds: the element count of `start:end:step` over `size`.
  static func sliceRange(start: Int, end: Int, step: Int, size: Int) -> (start: Int, count: Int) {
    var s = start < 0 ? start + size : start
    var e = end < 0 ? end + size : end
    if step > 0 {
      s = min(max(s, 0), size)
      e = min(max(e, 0), size)
      return (s, e > s ? (e - s + step - 1) / step : 0)
    } else {
      s = min(max(s, -1), size - 1)
      e = min(max(e, -1), size - 1)
      return (s, s > e ? (s - e - step - 1) / -step : 0)
    }
  }

  /// Clamps ONNX's huge int64 sentinels (INT64_MAX / INT64_MIN) to Int range safely.
  static func clampInt(_ value: Int64) -> Int {
    Int(max(min(value, Int64(Int.max / 2)), Int64(Int.min / 2)))
  }
}

extension InferenceContext {
  /// Input `index`'s known value as dims (shape arithmetic), if any.
  func knownDims(_ index: Int) -> [Dim]? { value(index)?.dims }

  /// The sub-graph attribute `name`, or a failure.
  func subgraph(_ name: String) throws -> Graph {
    guard let graph = attribute(name)?.graph else { throw error("missing graph attribute '\(name)'", code: .badAttribute) }
    return graph
  }
}

extension ValueType {
  /// The least specific type covering both (If branches, loop-carried values): dims that differ
  /// become unknown.
  func joined(with other: ValueType) -> ValueType {
    switch (self, other) {
    case (.tensor(let a, let sa), .tensor(let b, let sb)) where a == b:
      guard let sa, let sb, sa.rank == sb.rank else { return .tensor(a, nil) }
      return .tensor(a, Shape(zip(sa.dims, sb.dims).map { $0 == $1 ? $0 : .unknown }))
    case (.sequence(let a), .sequence(let b)): return .sequence(a.joined(with: b))
    case (.optional(let a), .optional(let b)): return .optional(a.joined(with: b))
    case (.unknown, _), (_, .unknown): return .unknown
    default: return self == other ? self : .unknown
    }
  }

  /// The same type with its shape's rank kept but every dim unknown.
  var withUnknownDims: ValueType {
    switch self {
    case .tensor(let type, let shape): return .tensor(type, shape.map { Shape(Array(repeating: .unknown, count: $0.rank)) })
    default: return self
    }
  }
}
