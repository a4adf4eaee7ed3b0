import PortIR

// Stand-in for the light models until the owner's version lands; replace freely.
enum Reshape: OpDefinition {
  static let opType = "Reshape"
  static let signature = OpSignature(inputs: 2...2, outputs: 1...1)
  static func infer(_ context: inout InferenceContext) throws {
    guard let element = context.elementType(0) else { return }
    guard let target = context.value(1)?.dims else {
      let rank = context.shape(1)?.dims.first?.value
      context.setOutput(0, .tensor(element, rank.map { Shape(Array(repeating: .unknown, count: $0)) }))
      return
    }
    let input = context.shape(0)
    let allowZero = context.int("allowzero", default: 0) != 0
    var dims: [Dim] = []
    var inferred: Int?
    for (index, dim) in target.enumerated() {
      switch dim.value {
      case 0 where !allowZero: dims.append(input.flatMap { index < $0.rank ? $0.dims[index] : nil } ?? .unknown)
      case -1: inferred = index; dims.append(.unknown)
      default: dims.append(dim)
      }
    }
    if let inferred, let total = input?.elementCount {
      let known = dims.enumerated().filter { $0.offset != inferred }.map { $0.element.value }
      if known.allSatisfy({ $0 != nil }) {
        let product = known.compactMap { $0 }.reduce(1, *)
        if product > 0 { dims[inferred] = .fixed(total / product) }
      }
    }
    context.setOutput(0, .tensor(element, Shape(dims)))
  }
}
