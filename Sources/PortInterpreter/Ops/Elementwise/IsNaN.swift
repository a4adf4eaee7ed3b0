import Foundation
import PortIR
import PortTarget

enum IsNaNKernel: ReferenceKernel {
  static let opType = "IsNaN"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    return [.tensor(ElementwiseKernels.test(try inputs.tensor(0, of: node)) { $0.isNaN })]
  }
}
