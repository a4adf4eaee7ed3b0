import PortIR
import PortTarget

enum SequenceConstructKernel: ReferenceKernel {
  static let opType = "SequenceConstruct"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let tensors = try inputs.indices.map { try inputs.tensor($0, of: node) }
    guard let first = tensors.first, tensors.allSatisfy({ $0.elementType == first.elementType }) else {
      throw node.failure("needs tensors of one element type")
    }
    return [.sequence(tensors.map { .tensor($0) }, elementType: .tensor(first.elementType, nil))]
  }
}
