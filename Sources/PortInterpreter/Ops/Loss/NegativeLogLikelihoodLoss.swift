import PortIR
import PortTarget

enum NegativeLogLikelihoodLossKernel: ReferenceKernel {
  static let opType = "NegativeLogLikelihoodLoss"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let target = try inputs.tensor(1, of: node)
    let (loss, shape) = try NNKernels.negativeLogLikelihood(
      node, x.doubles(), shape: x.shape, target: target, weight: inputs.optionalTensor(2))
    return [.tensor(Tensor(x.elementType, shape: shape, doubles: loss))]
  }
}
