import PortIR

/// Canonical form: RoiAlign-22. RoiAlign-10 had no coordinate_transformation_mode and behaved as
/// `output_half_pixel`; the canonical default is `half_pixel`, so the old behaviour is made explicit.
enum RoiAlign: OpDefinition {
  static let opType = "RoiAlign"
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    if node.opsetVersion < 16, result.attributes["coordinate_transformation_mode"] == nil {
      result.attributes["coordinate_transformation_mode"] = .string("output_half_pixel")
    }
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    guard let type = context.elementType(0) else { return }
    let rois = context.shape(1)?.dims.first ?? .unknown
    let channels = context.shape(0)?.dims[1] ?? .unknown
    context.setOutput(0, .tensor(type, Shape([
      rois, channels, .fixed(context.int("output_height", default: 1)), .fixed(context.int("output_width", default: 1)),
    ])))
  }
}
