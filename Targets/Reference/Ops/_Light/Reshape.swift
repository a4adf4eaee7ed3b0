import PortIR
import PortTarget

// Stand-in for the light models until the owner's version lands; replace freely.
enum ReshapeKernel: ReferenceKernel {
  static let opType = "Reshape"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var x = try inputs.tensor(0, of: node)
    var shape = try inputs.tensor(1, of: node).int64s().map { Int($0) }
    let allowZero = node.int("allowzero", 0) != 0
    for i in shape.indices where shape[i] == 0 && !allowZero {
      guard i < x.rank else { throw node.failure("0 at \(i) copies a dim X lacks") }
      shape[i] = x.shape[i]
    }
    if let inferred = shape.firstIndex(of: -1) {
      let known = shape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
      guard known > 0, x.count % known == 0 else { throw node.failure("cannot infer -1 in \(shape) for \(x.shape)") }
      shape[inferred] = x.count / known
    }
    guard shape.reduce(1, *) == x.count else { throw node.failure("shape \(shape) does not hold \(x.count) elements") }
    x.shape = shape
    return [.tensor(x)]
  }
}
