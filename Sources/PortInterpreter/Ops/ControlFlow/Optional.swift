import PortIR
import PortTarget

enum OptionalKernel: ReferenceKernel {
  static let opType = "Optional"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    if let value = inputs.first ?? nil { return [.optional(value, elementType: value.valueType)] }
    guard case .type(let type)? = node.attributes["type"] else { throw node.failure("an empty Optional needs 'type'") }
    return [.optional(nil, elementType: type)]
  }
}
