import PortIR

enum MaxRoiPool: OpDefinition {
  static let opType = "MaxRoiPool"
  /// X, rois [num_rois, 5] (batch index, x1, y1, x2, y2).
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let element = try context.requireSameType([0, 1]) else { return }
    guard let pooled = context.ints("pooled_shape"), pooled.count == 2 else {
      throw context.error("pooled_shape must hold 2 sizes", code: .badAttribute)
    }
    let rois = context.shape(1)?.dims.first ?? .unknown
    let channels = context.shape(0).flatMap { $0.rank > 1 ? $0.dims[1] : nil } ?? .unknown
    context.setOutput(0, .tensor(element, Shape([rois, channels, .fixed(pooled[0]), .fixed(pooled[1])])))
  }
}
