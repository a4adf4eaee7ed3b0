import Foundation
import PortIR
import PortTarget

enum WhereKernel: ReferenceKernel {
  static let opType = "Where"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let condition = try inputs.tensor(0, of: node)
    let x = try inputs.tensor(1, of: node)
    let y = try inputs.tensor(2, of: node)
    guard x.elementType == y.elementType else { throw node.failure("X is \(x.elementType) but Y is \(y.elementType)") }
    let (shape, maps) = try ElementwiseKernels.broadcast(node, [condition, x, y])
    let flags = condition.int64s()
    let result = ElementwiseKernels.assemble(x.elementType, shape: shape, sources: [x, y]) { i in
      flags[maps[0][i]] != 0 ? (0, maps[1][i]) : (1, maps[2][i])
    }
    return [.tensor(result)]
  }
}
