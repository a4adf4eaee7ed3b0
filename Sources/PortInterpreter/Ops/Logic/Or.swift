import Foundation
import PortIR
import PortTarget

enum OrKernel: ReferenceKernel {
  static let opType = "Or"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    return [
      .tensor(try Elementwise.predicate(a, b, float: { $0 != 0 || $1 != 0 }, int: { $0 != 0 || $1 != 0 }, uint: nil))
    ]
  }
}
