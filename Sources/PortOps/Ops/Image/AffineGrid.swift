import PortIR

/// AffineGrid-20: theta (N, 2, 3) or (N, 3, 4) and size (N, C, H, W) or (N, C, D, H, W) → grid.
enum AffineGrid: OpDefinition {
  static let opType = "AffineGrid"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats, "theta")
    guard let type = context.elementType(0) else { return }
    if let size = context.value(1)?.dims, size.count == 4 || size.count == 5 {
      context.setOutput(0, .tensor(type, Shape([size[0]] + size[2...] + [.fixed(size.count - 2)])))
    } else if let count = context.shape(1)?.dims.first?.value {
      context.setOutput(0, .tensor(type, Shape(Array(repeating: .unknown, count: count - 1) + [.fixed(count - 2)])))
    } else {
      context.setOutput(0, .tensor(type, nil))
    }
  }
}
