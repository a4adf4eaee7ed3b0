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

  /// Numeric types that comparisons and Max/Min accept.
  static let comparable: Set<ElementType> = TypeSets.numeric
  static let boolean: Set<ElementType> = [.bool]
}
