import PortIR
import PortTarget

enum SequenceEmptyKernel: ReferenceKernel {
  static let opType = "SequenceEmpty"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let type = node.attributes["dtype"]?.int.flatMap { ElementType(rawValue: $0) } ?? .float
    return [.sequence([], elementType: .tensor(type, nil))]
  }
}
