import PortIR
import PortTarget

enum ConstantKernel: ReferenceKernel {
  static let opType = "Constant"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let value = node.attributes["value"]?.tensor else { throw node.failure("has no 'value' tensor") }
    return [.tensor(value)]
  }
}
