import PortIR

enum DepthToSpace: OpDefinition {
  static let opType = "DepthToSpace"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try SpaceToDepth.inferBlocks(&context, toSpace: true)
  }
}
