import PortIR
import PortTarget

enum ShapeKernel: ReferenceKernel {
  static let opType = "Shape"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let rank = x.rank
    func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
    let start = clamp(node.int("start", 0))
    let end = clamp(node.int("end", rank))
    let dims = start < end ? Array(x.shape[start..<end]) : []
    return [.tensor(Tensor(int64s: dims.map(Int64.init)))]
  }
}
