import PortIR
import PortTarget

enum ArgMinKernel: ReferenceKernel {
  static let opType = "ArgMin"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try ArgMaxKernel.run(node, inputs, largest: false)
  }
}
