import PortIR
import PortTarget

enum OptionalGetElementKernel: ReferenceKernel {
  static let opType = "OptionalGetElement"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let input = inputs.first ?? nil else { throw node.failure("input is required") }
    if case .optional(let value, _) = input {
      guard let value else { throw node.failure("the optional is empty") }
      return [value]
    }
    return [input]
  }
}
