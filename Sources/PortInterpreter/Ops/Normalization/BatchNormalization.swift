import Foundation
import PortIR
import PortTarget

enum BatchNormalizationKernel: ReferenceKernel {
  static let opType = "BatchNormalization"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let scale = try inputs.tensor(1, of: node).doubles()
    let bias = try inputs.tensor(2, of: node).doubles()
    let meanTensor = try inputs.tensor(3, of: node)
    let inputMean = meanTensor.doubles()
    let inputVariance = try inputs.tensor(4, of: node).doubles()
    guard x.rank >= 2 else { throw node.failure("X must have rank ≥ 2") }
    let channels = x.shape[1]
    guard [scale.count, bias.count, inputMean.count, inputVariance.count].allSatisfy({ $0 == channels }) else {
      throw node.failure("scale, B, mean and var must each hold \(channels) values")
    }
    let epsilon = Double(node.float("epsilon", 1e-5))
    let momentum = Double(node.float("momentum", 0.9))
    let training = node.int("training_mode", 0) != 0
    let batch = x.shape[0]
    let plane = x.shape.dropFirst(2).reduce(1, *)
    let values = x.doubles()
    var mean = inputMean
    var variance = inputVariance
    if training {
      // Batch statistics per channel over N and the spatial dims (population variance).
      for c in 0..<channels {
        var sum = 0.0
        for n in 0..<batch { for i in 0..<plane { sum += values[(n * channels + c) * plane + i] } }
        let m = sum / Double(batch * plane)
        var squares = 0.0
        for n in 0..<batch {
          for i in 0..<plane {
            let d = values[(n * channels + c) * plane + i] - m
            squares += d * d
          }
        }
        mean[c] = m
        variance[c] = squares / Double(batch * plane)
      }
    }
    var y = [Double](repeating: 0, count: values.count)
    for n in 0..<batch {
      for c in 0..<channels {
        let factor = scale[c] / (variance[c] + epsilon).squareRoot()
        let base = (n * channels + c) * plane
        for i in 0..<plane { y[base + i] = (values[base + i] - mean[c]) * factor + bias[c] }
      }
    }
    var results: [HostValue?] = [.tensor(Tensor(x.elementType, shape: x.shape, doubles: y))]
    if training {
      let runningMean = (0..<channels).map { inputMean[$0] * momentum + mean[$0] * (1 - momentum) }
      let runningVariance = (0..<channels).map { inputVariance[$0] * momentum + variance[$0] * (1 - momentum) }
      results.append(.tensor(Tensor(meanTensor.elementType, shape: [channels], doubles: runningMean)))
      results.append(.tensor(Tensor(meanTensor.elementType, shape: [channels], doubles: runningVariance)))
    }
    return results
  }
}
