import PortIR

enum Size: OpDefinition {
  static let opType = "Size"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    let count = context.shape(0).map { TensorOps.product($0.dims) } ?? .unknown
    context.setOutput(0, .tensor(.int64, Shape([])), value: .dims([count], scalar: true))
  }
}
