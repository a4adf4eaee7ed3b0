import PortIR
import PortTarget

enum GlobalAveragePoolKernel: ReferenceKernel {
  static let opType = "GlobalAveragePool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try NNKernels.globalPool(node, inputs) { plane in plane.reduce(0, +) / Double(plane.count) }
  }
}
