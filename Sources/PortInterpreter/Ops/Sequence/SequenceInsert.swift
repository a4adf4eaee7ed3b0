import PortIR
import PortTarget

enum SequenceInsertKernel: ReferenceKernel {
  static let opType = "SequenceInsert"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var (elements, type) = try SequenceKernels.sequence(inputs, node)
    let tensor = try inputs.tensor(1, of: node)
    if let expected = type.elementType, expected != tensor.elementType, !elements.isEmpty {
      throw node.failure("inserting \(tensor.elementType) into a sequence of \(expected)")
    }
    var position = elements.count
    if let given = inputs.optionalTensor(2) {
      guard let value = given.scalarInt else { throw node.failure("position must be a scalar") }
      // Accepted range [-n, n]: negative positions count from the back of the n elements.
      position = Int(value < 0 ? value + Int64(elements.count) : value)
      guard position >= 0, position <= elements.count else {
        throw node.failure("position \(value) is out of range for \(elements.count) elements")
      }
    }
    elements.insert(.tensor(tensor), at: position)
    return [.sequence(elements, elementType: .tensor(tensor.elementType, nil))]
  }
}
