import PortIR
import PortTarget

enum CumProdKernel: ReferenceKernel {
  static let opType = "CumProd"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try CumSumKernel.run(node, inputs, start: 1, float: *, int: { $0 &* $1 })
  }
}
