import PortIR

/// Before opset 7, binary ops broadcast only with `broadcast=1`, aligning the second input at
/// `axis` (default: trailing). The canonical form is NumPy broadcasting, so the second input is
/// reshaped with trailing ones where `axis` asks for it.
enum LegacyBroadcast {
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    let broadcast = result.attributes.removeValue(forKey: "broadcast")?.int ?? 0
    let axis = result.attributes.removeValue(forKey: "axis")?.int
    result.attributes.removeValue(forKey: "consumed_inputs")
    guard node.opsetVersion < 7, broadcast == 1, let axis, node.inputs.count == 2 else { return [result] }
    let aRank = context.graph.type(of: node.inputs[0]).shape?.rank
    let bShape = context.graph.type(of: node.inputs[1]).shape
    guard let aRank, let bShape else {
      throw PortError(
        .unsupported, "legacy broadcast with axis=\(axis) needs input ranks to be known", at: Location(node: node.name))
    }
    let start = axis < 0 ? axis + aRank : axis
    let trailing = aRank - start - bShape.rank
    guard trailing > 0 else { return [result] }
    let newShape = bShape.dims.map { $0.value ?? 0 } + Array(repeating: 1, count: trailing)
    // A constant operand is reshaped in place, so no Reshape node is needed.
    let (nodes, aligned) = ElementwiseOps.reshaped(node.inputs[1], to: newShape, for: node, &context)
    result.inputs[1] = aligned
    return nodes + [result]
  }
}

/// Propagates known small integer values through arithmetic on shapes (Shape → Mul → Reshape).
enum ShapeArithmetic {
  static func apply(_ context: InferenceContext, _ operation: (Int, Int) -> Int) -> KnownValue? {
    guard let a = context.value(0)?.dims, let b = context.value(1)?.dims,
      context.elementType(0) == .int64 || context.elementType(0) == .int32
    else { return nil }
    let count = max(a.count, b.count)
    guard a.count == count || a.count == 1, b.count == count || b.count == 1 else { return nil }
    var result: [Dim] = []
    for index in 0..<count {
      let x = a[a.count == 1 ? 0 : index]
      let y = b[b.count == 1 ? 0 : index]
      if let p = x.value, let q = y.value { result.append(.fixed(operation(p, q))) } else { result.append(.unknown) }
    }
    let scalar = (context.value(0)?.isScalar ?? false) && (context.value(1)?.isScalar ?? false)
    return .dims(result, scalar: scalar)
  }
}

extension ShapeArithmetic {
  /// Equal on known shape values (the `Equal(shape, -1)` of PyTorch's Expand exports): a bool tensor.
  static func equal(_ context: InferenceContext) -> KnownValue? {
    guard context.elementType(0) == .int64 || context.elementType(0) == .int32,
      let a = context.value(0)?.dims, let b = context.value(1)?.dims
    else { return nil }
    let count = max(a.count, b.count)
    guard a.count == count || a.count == 1, b.count == count || b.count == 1 else { return nil }
    var result: [Int64] = []
    for index in 0..<count {
      guard let p = a[a.count == 1 ? 0 : index].value, let q = b[b.count == 1 ? 0 : index].value else { return nil }
      result.append(p == q ? 1 : 0)
    }
    let scalar = (context.value(0)?.isScalar ?? false) && (context.value(1)?.isScalar ?? false)
    return .tensor(Tensor(.bool, shape: scalar ? [] : [count], int64s: result))
  }

  /// Where over known shape values with a known condition: picks dims element by element.
  static func select(_ context: InferenceContext) -> KnownValue? {
    guard let condition = context.value(0)?.tensor, condition.elementType == .bool, condition.rank <= 1,
      let a = context.value(1)?.dims, let b = context.value(2)?.dims
    else { return nil }
    let picks = condition.int64s()
    let count = max(picks.count, a.count, b.count)
    guard [picks.count, a.count, b.count].allSatisfy({ $0 == count || $0 == 1 }) else { return nil }
    let dims = (0..<count).map { index -> Dim in
      picks[picks.count == 1 ? 0 : index] != 0 ? a[a.count == 1 ? 0 : index] : b[b.count == 1 ? 0 : index]
    }
    let scalar = condition.rank == 0 && (context.value(1)?.isScalar ?? false) && (context.value(2)?.isScalar ?? false)
    return .dims(dims, scalar: scalar)
  }
}
