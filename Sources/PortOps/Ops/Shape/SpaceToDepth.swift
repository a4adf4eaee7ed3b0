import PortIR

enum SpaceToDepth: OpDefinition {
  static let opType = "SpaceToDepth"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try inferBlocks(&context, toSpace: false)
  }

  /// [N, C, H, W] ↔ [N, C·b², H/b, W/b].
  static func inferBlocks(_ context: inout InferenceContext, toSpace: Bool) throws {
    guard let elementType = context.elementType(0) else { return }
    let block = context.int("blocksize", default: 0)
    guard block > 0 else { throw context.error("blocksize must be positive", code: .badAttribute) }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, Shape(Array(repeating: .unknown, count: 4))))
      return
    }
    guard shape.rank == 4 else { throw context.error("input must be 4-D, is \(shape)", code: .shapeMismatch) }
    func scaled(_ dim: Dim, _ multiply: Bool) -> Dim {
      guard let value = dim.value else { return .unknown }
      return .fixed(multiply ? value * block : value / block)
    }
    let c = shape.dims[1].value.map { Dim.fixed(toSpace ? $0 / (block * block) : $0 * block * block) } ?? .unknown
    let dims = [shape.dims[0], c, scaled(shape.dims[2], toSpace), scaled(shape.dims[3], toSpace)]
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
