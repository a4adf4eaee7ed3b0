import Foundation
import PortIR
import PortTarget

enum LessKernel: ReferenceKernel {
  static let opType = "Less"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    return [.tensor(try Elementwise.predicate(a, b, float: <, int: <, uint: <))]
  }
}
