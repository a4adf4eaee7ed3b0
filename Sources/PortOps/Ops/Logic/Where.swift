import PortIR

enum Where: OpDefinition {
  static let opType = "Where"
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: [.bool], "condition")
    let type = try context.broadcastType([1, 2])
    let shape: Shape?
    do {
      shape = try Broadcast.shape([context.shape(0), context.shape(1), context.shape(2)])
    } catch let failure as BroadcastError {
      throw context.error("inputs cannot be broadcast: \(failure)", code: .shapeMismatch)
    }
    guard let element = type.elementType else { return }
    context.setOutput(0, .tensor(element, shape), value: ShapeArithmetic.select(context))
  }
}
