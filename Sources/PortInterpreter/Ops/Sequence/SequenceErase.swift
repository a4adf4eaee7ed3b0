import PortIR
import PortTarget

enum SequenceEraseKernel: ReferenceKernel {
  static let opType = "SequenceErase"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var (elements, type) = try SequenceKernels.sequence(inputs, node)
    var position = elements.count - 1
    if let given = inputs.optionalTensor(1) {
      guard let value = given.scalarInt else { throw node.failure("position must be a scalar") }
      position = try TensorKernels.index(value, size: elements.count, node)
    }
    guard position >= 0 else { throw node.failure("cannot erase from an empty sequence") }
    elements.remove(at: position)
    return [.sequence(elements, elementType: type)]
  }
}
