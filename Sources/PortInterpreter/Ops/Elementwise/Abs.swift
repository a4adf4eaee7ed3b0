import Foundation
import PortIR
import PortTarget

enum AbsKernel: ReferenceKernel {
  static let opType = "Abs"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    return [.tensor(try Elementwise.unary(x, float: { abs($0) }, int: { $0 < 0 ? 0 &- $0 : $0 }, uint: { $0 }))]
  }
}
