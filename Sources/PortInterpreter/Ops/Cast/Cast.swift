import Foundation
import PortIR
import PortTarget

enum CastKernel: ReferenceKernel {
  static let opType = "Cast"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let target = ElementType(rawValue: node.int("to", 0)) else {
      throw node.failure("attribute 'to' is not a type")
    }
    return [.tensor(try ElementwiseCast.cast(x, to: target, node: node))]
  }
}
