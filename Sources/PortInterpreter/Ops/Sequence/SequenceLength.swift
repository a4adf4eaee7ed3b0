import PortIR
import PortTarget

enum SequenceLengthKernel: ReferenceKernel {
  static let opType = "SequenceLength"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let (elements, _) = try SequenceKernels.sequence(inputs, node)
    return [.tensor(Tensor(int64s: [Int64(elements.count)], shape: []))]
  }
}
