import PortIR
import PortTarget

enum ReluKernel: ReferenceKernel {
  static let opType = "Relu"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    return [.tensor(try Elementwise.unary(x, float: { $0.isNaN ? $0 : max($0, 0) }, int: { max($0, 0) }))]
  }
}
