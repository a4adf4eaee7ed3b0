import PortIR
import PortTarget

enum ConcatKernel: ReferenceKernel {
  static let opType = "Concat"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let tensors = try inputs.indices.map { try inputs.tensor($0, of: node) }
    guard let first = tensors.first else { throw node.failure("no inputs") }
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: first.rank, node)
    return [.tensor(try TensorKernels.concat(tensors, axis: axis, node))]
  }
}
