import PortIR

/// Shared canonicalization and inference for the element-wise families (math, logic, activation,
/// cast): most of these ops differ only in their allowed types and result type.
enum ElementwiseOps {
  /// Ops that carried `consumed_inputs` (opsets < 6) lose it; nothing else changed in meaning.
  static func dropConsumedInputs(_ node: Node) -> [Node] {
    var result = node
    result.attributes.removeValue(forKey: "consumed_inputs")
    return [result]
  }

  /// A unary op whose result has the input's type (or `resultType`, same shape).
  static func unary(
    _ context: inout InferenceContext, _ allowed: Set<ElementType>, resultType: ElementType? = nil
  ) throws {
    try context.require(0, in: allowed)
    let input = context.type(0)
    if let resultType {
      context.setOutput(0, .tensor(resultType, input.shape))
    } else {
      context.setOutput(0, input)
    }
  }

  /// A broadcasting op over `indices` that share one type from `allowed`.
  static func broadcasting(
    _ context: inout InferenceContext, _ allowed: Set<ElementType>, indices: [Int]? = nil,
    resultType: ElementType? = nil
  ) throws {
    let indices = indices ?? Array(0..<context.inputCount)
    for index in indices where context.has(index) { try context.require(index, in: allowed) }
    context.setOutput(0, try context.broadcastType(indices, resultType: resultType))
  }

  /// `value` given `shape` (same elements): a reshaped constant when `value` is one, else a
  /// Reshape node. Returns the nodes to emit first and the new value's name.
  static func reshaped(
    _ value: String, to shape: [Int], for node: Node, _ context: inout CanonicalizationContext
  ) -> (nodes: [Node], name: String) {
    if var constant = context.constantValue(value), constant.count == shape.reduce(1, *) {
      constant.shape = shape
      return ([], context.constant(constant, name: value + "_aligned"))
    }
    let shapeName = context.constant(Tensor(int64s: shape.map(Int64.init)), name: value + "_shape")
    let reshaped = context.freshName(value + "_aligned")
    let reshape = Node(
      name: context.freshName(node.name + "_align"), opType: "Reshape", inputs: [value, shapeName],
      outputs: [reshaped], opsetVersion: node.opsetVersion)
    return ([reshape], reshaped)
  }

  /// Numeric types that comparisons and Max/Min accept.
  static let comparable: Set<ElementType> = TypeSets.numeric
  static let boolean: Set<ElementType> = [.bool]
  /// IsNaN and IsInf accept the float8 types too (opset 20).
  static let floatsAndFloat8: Set<ElementType> = TypeSets.floats.union([
    .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz,
  ])
}
