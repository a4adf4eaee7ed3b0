import Foundation
import PortIR
import PortTarget

enum NotKernel: ReferenceKernel {
  static let opType = "Not"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    return [.tensor(Tensor(.bool, shape: x.shape, int64s: x.int64s().map { $0 == 0 ? 1 : 0 }))]
  }
}
