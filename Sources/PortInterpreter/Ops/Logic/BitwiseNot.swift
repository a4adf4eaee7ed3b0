import Foundation
import PortIR
import PortTarget

enum BitwiseNotKernel: ReferenceKernel {
  static let opType = "BitwiseNot"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    return [.tensor(try Elementwise.unary(x, float: { $0 }, int: { ~$0 }, uint: { ~$0 }))]
  }
}
