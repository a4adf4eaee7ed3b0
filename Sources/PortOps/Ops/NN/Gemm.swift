import PortIR

enum Gemm: OpDefinition {
  static let opType = "Gemm"
  static let signature = OpSignature(inputs: 2...3, outputs: 1...1)

  /// Opsets 1–6 name C's broadcasting with `broadcast`; canonical Gemm broadcasts C unidirectionally
  /// always, which reads every valid older model the same.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    result.attributes.removeValue(forKey: "broadcast")
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.numeric)
    guard let element = try context.requireSameType([0, 1, 2]) else { return }
    guard let a = context.shape(0), let b = context.shape(1) else {
      context.setOutput(0, .tensor(element, Shape([.unknown, .unknown])))
      return
    }
    guard a.rank == 2, b.rank == 2 else { throw context.error("A and B must be 2-D", code: .shapeMismatch) }
    let transA = context.int("transA", default: 0) != 0
    let transB = context.int("transB", default: 0) != 0
    let m = a.dims[transA ? 1 : 0]
    let k1 = a.dims[transA ? 0 : 1]
    let k2 = b.dims[transB ? 1 : 0]
    let n = b.dims[transB ? 0 : 1]
    if let x = k1.value, let y = k2.value, x != y {
      throw context.error("inner dimensions \(x) and \(y) differ", code: .shapeMismatch)
    }
    context.setOutput(0, .tensor(element, Shape([m, n])))
  }
}
