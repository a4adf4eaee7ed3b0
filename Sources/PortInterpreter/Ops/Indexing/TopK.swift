import PortIR
import PortTarget

enum TopKKernel: ReferenceKernel {
  static let opType = "TopK"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let kValue = try inputs.tensor(1, of: node).scalarInt else { throw node.failure("K must hold one value") }
    let axis = try TensorKernels.axis(node.int("axis", -1), rank: x.rank, node)
    let size = x.shape[axis]
    let k = Int(kValue)
    guard k >= 0, k <= size else { throw node.failure("K = \(k) is outside 0…\(size)") }
    let largest = node.int("largest", 1) != 0
    let compare = TensorKernels.sortKeys(x)
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    var shape = x.shape
    shape[axis] = k
    var picks = Array(repeating: 0, count: outer * k * inner)
    var positions = Array(repeating: Int64(0), count: picks.count)
    for o in 0..<outer {
      for i in 0..<inner {
        let linear = (0..<size).map { (o * size + $0) * inner + i }
        // Stable: equal values keep the lower index first, in both directions.
        let order = (0..<size).sorted { a, b in
          let c = compare(linear[a], linear[b])
          if c != 0 { return largest ? c > 0 : c < 0 }
          return a < b
        }
        for j in 0..<k {
          picks[(o * k + j) * inner + i] = linear[order[j]]
          positions[(o * k + j) * inner + i] = Int64(order[j])
        }
      }
    }
    return [.tensor(TensorKernels.take(x, picks, shape: shape)), .tensor(Tensor(.int64, shape: shape, int64s: positions))]
  }
}
