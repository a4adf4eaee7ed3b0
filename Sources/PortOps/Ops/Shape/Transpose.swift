import PortIR

enum Transpose: OpDefinition {
  static let opType = "Transpose"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(0) else { return }
    guard let shape = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, context.ints("perm").map { Shape(Array(repeating: .unknown, count: $0.count)) }))
      return
    }
    let perm = context.ints("perm") ?? Array((0..<shape.rank).reversed())
    guard perm.count == shape.rank, Set(perm) == Set(0..<shape.rank) else {
      throw context.error("perm \(perm) is not a permutation of \(shape.rank) axes", code: .badAttribute)
    }
    context.setOutput(0, .tensor(elementType, Shape(perm.map { shape.dims[$0] })))
  }
}
