import PortIR
import PortTarget

// Stand-in for the light models until the owner's version lands; replace freely.
enum UnsqueezeKernel: ReferenceKernel {
  static let opType = "Unsqueeze"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var x = try inputs.tensor(0, of: node)
    let axes = try inputs.tensor(1, of: node).int64s().map { Int($0) }
    let rank = x.rank + axes.count
    let normalized = Set(try axes.map { try NNKernels.axis(node, $0, rank: rank) })
    var rest = x.shape.makeIterator()
    x.shape = (0..<rank).map { normalized.contains($0) ? 1 : (rest.next() ?? 1) }
    return [.tensor(x)]
  }
}
