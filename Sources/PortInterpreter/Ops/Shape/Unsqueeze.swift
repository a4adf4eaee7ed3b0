import PortIR
import PortTarget

enum UnsqueezeKernel: ReferenceKernel {
  static let opType = "Unsqueeze"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let axes = TensorKernels.ints(try inputs.tensor(1, of: node))
    let rank = x.rank + axes.count
    let inserted = Set(try axes.map { try TensorKernels.axis($0, rank: rank, node, "axes") })
    guard inserted.count == axes.count else { throw node.failure("axes repeat") }
    var rest = x.shape.makeIterator()
    let shape = (0..<rank).map { inserted.contains($0) ? 1 : (rest.next() ?? 1) }
    return [.tensor(TensorKernels.reshaped(x, shape))]
  }
}
