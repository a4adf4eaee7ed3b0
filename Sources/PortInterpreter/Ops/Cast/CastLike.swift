import Foundation
import PortIR
import PortTarget

enum CastLikeKernel: ReferenceKernel {
  static let opType = "CastLike"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let like = try inputs.tensor(1, of: node)
    return [.tensor(try ElementwiseCast.cast(x, to: like.elementType, node: node))]
  }
}
