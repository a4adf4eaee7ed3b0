import PortIR

/// Shape-only ops (Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout in inference): the
/// output is the input's row-major buffer under another shape, no copy.
enum CPUAlias {
  static func lower(_ node: Node, _ context: LoweringContext) throws -> Bool {
    guard let x = node.input(0), let y = node.outputs.first, !y.isEmpty,
      node.outputs.dropFirst().allSatisfy(\.isEmpty),
      let (xType, xShape) = context.tensorType(x), let (yType, yShape) = context.tensorType(y),
      xType == yType, xType == .float, xShape.reduce(1, *) == yShape.reduce(1, *)
    else { return false }
    try context.alias(y, to: x)
    return true
  }
}
