import PortIR
import PortTarget

enum CompressKernel: ReferenceKernel {
  static let opType = "Compress"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let condition = try inputs.tensor(1, of: node).int64s().map { $0 != 0 }
    guard let axisValue = node.attributes["axis"]?.int else {
      let picks = condition.indices.filter { condition[$0] && $0 < x.count }
      guard condition.count <= x.count || !condition[x.count...].contains(true) else {
        throw node.failure("condition is longer than the input")
      }
      return [.tensor(TensorKernels.take(x, picks, shape: [picks.count]))]
    }
    let axis = try TensorKernels.axis(axisValue, rank: x.rank, node)
    let size = x.shape[axis]
    guard condition.count <= size || !condition[size...].contains(true) else {
      throw node.failure("condition is longer than axis \(axis)")
    }
    let kept = (0..<min(size, condition.count)).filter { condition[$0] }
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    var linear: [Int] = []
    for o in 0..<outer {
      for k in kept {
        let base = (o * size + k) * inner
        linear.append(contentsOf: base..<(base + inner))
      }
    }
    var shape = x.shape
    shape[axis] = kept.count
    return [.tensor(TensorKernels.take(x, linear, shape: shape))]
  }
}
