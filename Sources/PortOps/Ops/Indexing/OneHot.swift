import PortIR

enum OneHot: OpDefinition {
  static let opType = "OneHot"
  static let signature = OpSignature(inputs: 3...3, outputs: 1...1)

  static func infer(_ context: inout InferenceContext) throws {
    guard let elementType = context.elementType(2) else { return }
    guard let indices = context.shape(0) else {
      context.setOutput(0, .tensor(elementType, nil))
      return
    }
    let rank = indices.rank + 1
    let axis = try context.axis(context.int("axis", default: -1), rank: rank)
    var dims = indices.dims
    let depth = context.constant(1)?.scalarDouble.flatMap { $0.isFinite && $0 >= 0 && $0 < 1e15 ? Dim.fixed(Int($0)) : nil } ?? .unknown
    dims.insert(depth, at: axis)
    context.setOutput(0, .tensor(elementType, Shape(dims)))
  }
}
