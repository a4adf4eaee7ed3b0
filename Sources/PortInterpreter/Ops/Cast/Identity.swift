import Foundation
import PortIR
import PortTarget

enum IdentityKernel: ReferenceKernel {
  static let opType = "Identity"
  /// Any value (tensor, sequence, optional) passes through.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let value = inputs.first ?? nil else { throw node.failure("input 0 is required") }
    return [value]
  }
}
