import PortIR
import PortTarget

enum ReshapeKernel: ReferenceKernel {
  static let opType = "Reshape"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let requested = TensorKernels.ints(try inputs.tensor(1, of: node))
    let allowZero = node.int("allowzero", 0) != 0
    var shape: [Int] = []
    var inferred: Int?
    for (position, size) in requested.enumerated() {
      if size == 0 && !allowZero {
        guard position < x.rank else { throw node.failure("shape copies dim \(position) of a rank-\(x.rank) input") }
        shape.append(x.shape[position])
      } else if size == -1 {
        guard inferred == nil else { throw node.failure("shape has more than one -1") }
        inferred = position
        shape.append(1)
      } else if size < 0 {
        throw node.failure("shape has negative size \(size)")
      } else {
        shape.append(size)
      }
    }
    if let inferred {
      let rest = shape.reduce(1, *)
      guard rest != 0, x.count % rest == 0 else { throw node.failure("cannot reshape \(x.shape) to \(requested)") }
      shape[inferred] = x.count / rest
    }
    guard shape.reduce(1, *) == x.count else { throw node.failure("cannot reshape \(x.shape) to \(requested)") }
    return [.tensor(TensorKernels.reshaped(x, shape))]
  }
}
