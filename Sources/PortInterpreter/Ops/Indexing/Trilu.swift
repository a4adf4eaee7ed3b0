import PortIR
import PortTarget

enum TriluKernel: ReferenceKernel {
  static let opType = "Trilu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank >= 2 else { throw node.failure("input must have rank ≥ 2") }
    let k = inputs.optionalTensor(1)?.scalarInt.map { TensorKernels.clamp($0) } ?? 0
    let upper = node.int("upper", 1) != 0
    let source = ElementBuffer(x)
    var result = ElementBuffer(type: x.elementType, count: x.count)
    TensorKernels.forEachIndex(x.shape) { position, index in
      let row = index[x.rank - 2], column = index[x.rank - 1]
      let keep = upper ? column - row >= k : column - row <= k
      if keep { result.set(position, from: source, position) }
    }
    return [.tensor(result.tensor(shape: x.shape))]
  }
}
