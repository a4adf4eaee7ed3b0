import PortIR

/// Deprecated since opset 10; canonicalized to Resize with asymmetric coordinates and nearest
/// rounding down, which is what Upsample computes.
enum Upsample: OpDefinition {
  static let opType = "Upsample"
  static let signature = OpSignature(inputs: 1...2, outputs: 1...1)

  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var mode = node.attributes["mode"]?.string ?? "nearest"
    if mode == "bilinear" { mode = "linear" }
    var scalesName: String
    if node.opsetVersion >= 9 {
      scalesName = node.inputs.count > 1 ? node.inputs[1] : ""
    } else if let scales = node.attributes["scales"]?.floats {
      scalesName = context.constant(
        Tensor(shape: [scales.count], floats: scales), name: node.name.isEmpty ? "scales" : node.name + "_scales")
    } else {
      // Upsample-1: height_scale and width_scale on a 4-D input.
      let h = node.attributes["height_scale"]?.float ?? 1
      let w = node.attributes["width_scale"]?.float ?? 1
      scalesName = context.constant(
        Tensor(shape: [4], floats: [1, 1, h, w]), name: node.name.isEmpty ? "scales" : node.name + "_scales")
    }
    let resize = Node(
      name: node.name, opType: "Resize", domain: node.domain, inputs: [node.inputs[0], "", scalesName],
      outputs: node.outputs,
      attributes: [
        "mode": .string(mode), "coordinate_transformation_mode": .string("asymmetric"),
        "nearest_mode": .string("floor"),
      ],
      opsetVersion: node.opsetVersion)
    return [resize]
  }

  static func infer(_ context: inout InferenceContext) throws {
    context.setOutput(0, .tensor(context.elementType(0) ?? .float, context.shape(0).map { Shape(Array(repeating: .unknown, count: $0.rank)) }))
  }
}
