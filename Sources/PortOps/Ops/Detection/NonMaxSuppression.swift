import PortIR

/// NonMaxSuppression-11: boxes, scores, then optional max_output_boxes_per_class, iou_threshold,
/// score_threshold → selected_indices [K, 3] int64. NonMaxSuppression-10 is the same.
enum NonMaxSuppression: OpDefinition {
  static let opType = "NonMaxSuppression"
  static let signature = OpSignature(inputs: 2...5, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats, "boxes")
    context.setOutput(0, .tensor(.int64, Shape([.unknown, .fixed(3)])))
  }
}
