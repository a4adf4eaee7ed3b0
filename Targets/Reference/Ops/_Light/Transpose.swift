import PortIR
import PortTarget

// Stand-in for the light models until the owner's version lands; replace freely.
enum TransposeKernel: ReferenceKernel {
  static let opType = "Transpose"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let perm = node.ints("perm") ?? Array((0..<x.rank).reversed())
    guard perm.count == x.rank, Set(perm) == Set(0..<x.rank) else { throw node.failure("bad perm \(perm)") }
    let shape = perm.map { x.shape[$0] }
    let strides = Indexing.strides(x.shape)
    let values = x.doubles()
    let y = (0..<x.count).map { linear -> Double in
      let index = Indexing.unravel(linear, shape)
      return values[zip(perm, index).reduce(0) { $0 + strides[$1.0] * $1.1 }]
    }
    return [.tensor(Tensor(x.elementType, shape: shape, doubles: y))]
  }
}
