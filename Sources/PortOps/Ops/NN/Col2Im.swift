import PortIR

enum Col2Im: OpDefinition {
  static let opType = "Col2Im"
  /// input [N, C·∏block, L], image_shape, block_shape.
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    guard let element = context.elementType(0) else { return }
    let image = context.ints(1)
    let block = context.ints(2)
    let spatial = image?.count ?? block?.count ?? context.shape(1)?.dims.first?.value
    guard let input = context.shape(0), input.rank == 3 else {
      context.setOutput(0, .tensor(element, spatial.map { Shape(Array(repeating: .unknown, count: $0 + 2)) }))
      return
    }
    var channels: Dim = .unknown
    if let block, let total = input.dims[1].value {
      let size = block.reduce(1, *)
      guard size > 0, total % size == 0 else {
        throw context.error("input dim 1 (\(total)) is not a multiple of the block size \(size)", code: .shapeMismatch)
      }
      channels = .fixed(total / size)
    }
    let imageDims: [Dim]? = image.map { $0.map { .fixed($0) } } ?? spatial.map { Array(repeating: .unknown, count: $0) }
    context.setOutput(0, .tensor(element, imageDims.map { Shape([input.dims[0], channels] + $0) }))
  }
}
