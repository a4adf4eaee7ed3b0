import PortIR
import PortTarget

// Stand-in for the light models until the owner's version lands; replace freely.
enum SumKernel: ReferenceKernel {
  static let opType = "Sum"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var total = try inputs.tensor(0, of: node)
    for index in 1..<max(inputs.count, 1) {
      total = try Elementwise.binary(total, try inputs.tensor(index, of: node), float: +, int: { $0 &+ $1 }, uint: { $0 &+ $1 })
    }
    return [.tensor(total)]
  }
}
