import Foundation
import PortIR
import PortTarget

enum RandomUniformLikeKernel: ReferenceKernel {
  static let opType = "RandomUniformLike"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let type = try RandomSource.elementType(node, default: x.elementType)
    return [.tensor(RandomUniformKernel.uniform(node, type: type, shape: x.shape))]
  }
}
