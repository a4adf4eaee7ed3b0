import PortIR

enum Expand: OpDefinition {
  static let opType = "Expand"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(1, in: [.int64])
    guard let elementType = context.elementType(0) else { return }
    guard let requested = context.knownDims(1) else {
      let length = context.shape(1)?.dims.first?.value
      let rank = context.rank(0)
      let outRank = length.flatMap { l in rank.map { max(l, $0) } }
      context.setOutput(0, .tensor(elementType, outRank.map { Shape(Array(repeating: .unknown, count: $0)) }))
      return
    }
    do {
      context.setOutput(0, .tensor(elementType, try Broadcast.shape([context.shape(0), Shape(requested)])))
    } catch let failure as BroadcastError {
      throw context.error("cannot expand: \(failure)", code: .shapeMismatch)
    }
  }
}
