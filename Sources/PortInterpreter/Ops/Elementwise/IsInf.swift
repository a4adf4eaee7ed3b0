import Foundation
import PortIR
import PortTarget

enum IsInfKernel: ReferenceKernel {
  static let opType = "IsInf"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let negative = node.int("detect_negative", 1) != 0
    let positive = node.int("detect_positive", 1) != 0
    return [
      .tensor(
        ElementwiseKernels.test(try inputs.tensor(0, of: node)) { x in
          x.isInfinite && (x < 0 ? negative : positive)
        })
    ]
  }
}
