import PortIR
import PortTarget

enum SqueezeKernel: ReferenceKernel {
  static let opType = "Squeeze"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    var removed = Set(x.shape.indices.filter { x.shape[$0] == 1 })
    if let axes = inputs.optionalTensor(1) {
      removed = Set(try TensorKernels.ints(axes).map { try TensorKernels.axis($0, rank: x.rank, node, "axes") })
      for axis in removed where x.shape[axis] != 1 { throw node.failure("axis \(axis) has size \(x.shape[axis]), not 1") }
    }
    let shape = x.shape.indices.filter { !removed.contains($0) }.map { x.shape[$0] }
    return [.tensor(TensorKernels.reshaped(x, shape))]
  }
}
