import PortIR
import PortTarget

enum EyeLikeKernel: ReferenceKernel {
  static let opType = "EyeLike"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank == 2 else { throw node.failure("input must be 2-D") }
    let type = node.attributes["dtype"]?.int.flatMap { ElementType(rawValue: $0) } ?? x.elementType
    let k = node.int("k", 0)
    let values = TensorKernels.mapIndices(x.shape) { $0[1] - $0[0] == k ? 1.0 : 0.0 }
    return [.tensor(Tensor(type, shape: x.shape, doubles: values))]
  }
}
