import Foundation
import PortIR
import PortTarget

enum SignKernel: ReferenceKernel {
  static let opType = "Sign"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    return [
      .tensor(
        try Elementwise.unary(
          x, float: { $0 > 0 ? 1 : $0 < 0 ? -1 : $0 }, int: { $0.signum() }, uint: { $0 > 0 ? 1 : 0 }))
    ]
  }
}
