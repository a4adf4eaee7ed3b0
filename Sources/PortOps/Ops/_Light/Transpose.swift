import PortIR

// Stand-in for the light models until the owner's version lands; replace freely.
enum Transpose: OpDefinition {
  static let opType = "Transpose"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    guard let element = context.elementType(0) else { return }
    guard let shape = context.shape(0) else { return context.setOutput(0, .tensor(element, nil)) }
    let perm = context.ints("perm") ?? Array((0..<shape.rank).reversed())
    guard perm.count == shape.rank, Set(perm) == Set(0..<shape.rank) else {
      throw context.error("perm \(perm) is not a permutation of the \(shape.rank) axes", code: .badAttribute)
    }
    context.setOutput(0, .tensor(element, Shape(perm.map { shape.dims[$0] })))
  }
}
