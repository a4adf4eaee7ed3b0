import PortIR
import PortTarget

enum GlobalMaxPoolKernel: ReferenceKernel {
  static let opType = "GlobalMaxPool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    try NNKernels.globalPool(node, inputs) { plane in plane.max() ?? 0 }
  }
}
