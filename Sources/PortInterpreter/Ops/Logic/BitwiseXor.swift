import Foundation
import PortIR
import PortTarget

enum BitwiseXorKernel: ReferenceKernel {
  static let opType = "BitwiseXor"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    return [.tensor(try Elementwise.binary(a, b, float: { _, _ in .nan }, int: { $0 ^ $1 }, uint: { $0 ^ $1 }))]
  }
}
