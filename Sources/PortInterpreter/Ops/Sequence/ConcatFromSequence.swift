import PortIR
import PortTarget

enum ConcatFromSequenceKernel: ReferenceKernel {
  static let opType = "ConcatFromSequence"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let (elements, _) = try SequenceKernels.sequence(inputs, node)
    let tensors = try elements.map { value -> Tensor in
      guard let tensor = value.tensor else { throw node.failure("sequence elements must be tensors") }
      return tensor
    }
    guard let first = tensors.first else { throw node.failure("cannot concatenate an empty sequence") }
    if node.int("new_axis", 0) != 0 {
      let axis = try TensorKernels.axis(node.int("axis", 0), rank: first.rank + 1, node)
      return [.tensor(try TensorKernels.stack(tensors, axis: axis, node))]
    }
    let axis = try TensorKernels.axis(node.int("axis", 0), rank: first.rank, node)
    return [.tensor(try TensorKernels.concat(tensors, axis: axis, node))]
  }
}
