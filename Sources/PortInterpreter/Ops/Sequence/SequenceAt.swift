import PortIR
import PortTarget

enum SequenceAtKernel: ReferenceKernel {
  static let opType = "SequenceAt"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let (elements, _) = try SequenceKernels.sequence(inputs, node)
    guard let position = try inputs.tensor(1, of: node).scalarInt else { throw node.failure("position must be a scalar") }
    return [elements[try TensorKernels.index(position, size: elements.count, node)]]
  }
}

/// Helpers shared by the sequence kernels.
enum SequenceKernels {
  /// Input 0 as a sequence's elements and element type.
  static func sequence(_ inputs: [HostValue?], _ node: Node) throws -> ([HostValue], ValueType) {
    guard let input = inputs.first ?? nil, case .sequence(let elements, let type) = input else {
      throw node.failure("input 0 must be a sequence")
    }
    return (elements, type)
  }

  /// The element type a sequence holding `value` records (tensor shapes vary between elements).
  static func elementType(_ value: HostValue) -> ValueType {
    switch value {
    case .tensor(let tensor): return .tensor(tensor.elementType, nil)
    default: return value.valueType
    }
  }
}
