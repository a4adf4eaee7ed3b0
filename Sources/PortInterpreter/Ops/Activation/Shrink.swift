import Foundation
import PortIR
import PortTarget

enum ShrinkKernel: ReferenceKernel {
  static let opType = "Shrink"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let bias = Double(node.float("bias", 0))
    let lambd = Double(node.float("lambd", 0.5))
    let x = try inputs.tensor(0, of: node)
    let values = x.doubles().map { $0 < -lambd ? $0 + bias : $0 > lambd ? $0 - bias : 0 }
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: values))]
  }
}
