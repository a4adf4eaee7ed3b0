import Foundation
import PortIR
import PortTarget

enum SoftmaxCrossEntropyLossKernel: ReferenceKernel {
  static let opType = "SoftmaxCrossEntropyLoss"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let scores = try inputs.tensor(0, of: node)
    let target = try inputs.tensor(1, of: node)
    guard scores.rank >= 2 else { throw node.failure("scores must have rank ≥ 2") }
    // log softmax over the class axis (1).
    let classes = scores.shape[1]
    let inner = scores.shape.dropFirst(2).reduce(1, *)
    let values = scores.doubles()
    var logProbabilities = [Double](repeating: 0, count: values.count)
    for n in 0..<scores.shape[0] {
      for d in 0..<inner {
        let index = { (c: Int) in (n * classes + c) * inner + d }
        var top = -Double.infinity
        for c in 0..<classes { top = max(top, values[index(c)]) }
        var sum = 0.0
        for c in 0..<classes { sum += Foundation.exp(values[index(c)] - top) }
        let log = Foundation.log(sum)
        for c in 0..<classes { logProbabilities[index(c)] = values[index(c)] - top - log }
      }
    }
    let (loss, shape) = try NNKernels.negativeLogLikelihood(
      node, logProbabilities, shape: scores.shape, target: target, weight: inputs.optionalTensor(2))
    return [
      .tensor(Tensor(scores.elementType, shape: shape, doubles: loss)),
      node.outputs.count > 1 ? .tensor(Tensor(scores.elementType, shape: scores.shape, doubles: logProbabilities)) : nil,
    ]
  }
}
