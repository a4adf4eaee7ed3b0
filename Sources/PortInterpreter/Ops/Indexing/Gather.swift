import PortIR
import PortTarget

enum GatherKernel: ReferenceKernel {
  static let opType = "Gather"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let indices = try inputs.tensor(1, of: node)
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: x.rank, node)
    let size = x.shape[axis]
    let picks = try indices.int64s().map { try TensorKernels.index($0, size: size, node) }
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    var linear: [Int] = []
    linear.reserveCapacity(outer * picks.count * inner)
    for o in 0..<outer {
      for pick in picks {
        let base = (o * size + pick) * inner
        linear.append(contentsOf: base..<(base + inner))
      }
    }
    let shape = Array(x.shape[..<axis]) + indices.shape + Array(x.shape[(axis + 1)...])
    return [.tensor(TensorKernels.take(x, linear, shape: shape))]
  }
}
