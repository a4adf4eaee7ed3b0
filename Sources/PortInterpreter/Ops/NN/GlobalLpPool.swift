import Foundation
import PortIR
import PortTarget

enum GlobalLpPoolKernel: ReferenceKernel {
  static let opType = "GlobalLpPool"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let p = Double(node.int("p", 2))
    return try NNKernels.globalPool(node, inputs) { plane in
      Foundation.pow(plane.reduce(0) { $0 + Foundation.pow(Swift.abs($1), p) }, 1 / p)
    }
  }
}
