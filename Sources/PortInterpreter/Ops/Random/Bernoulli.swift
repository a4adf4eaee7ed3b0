import Foundation
import PortIR
import PortTarget

enum BernoulliKernel: ReferenceKernel {
  static let opType = "Bernoulli"
  /// 1 with probability p (the input element), else 0.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let p = try inputs.tensor(0, of: node)
    let type = try RandomSource.elementType(node, default: p.elementType)
    var source = RandomSource(node: node)
    let values = p.doubles().map { probability -> Double in source.uniform() < probability ? 1 : 0 }
    return [.tensor(Tensor(type, shape: p.shape, doubles: values))]
  }
}
