import PortIR
import PortTarget

enum GroupNormalizationKernel: ReferenceKernel {
  static let opType = "GroupNormalization"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let scale = try inputs.tensor(1, of: node).doubles()
    let bias = try inputs.tensor(2, of: node).doubles()
    let groups = node.int("num_groups", 0)
    guard x.rank >= 2, groups > 0, x.shape[1] % groups == 0, scale.count == x.shape[1], bias.count == x.shape[1] else {
      throw node.failure("X \(x.shape) must split into num_groups=\(groups), with scale and bias per channel")
    }
    let epsilon = Double(node.float("epsilon", 1e-5))
    let channels = x.shape[1]
    let plane = x.shape.dropFirst(2).reduce(1, *)
    let cols = channels / groups * plane
    let rows = x.shape[0] * groups
    let values = x.doubles()
    let (mean, variance) = NNKernels.rowStatistics(values, rows: rows, cols: cols)
    var y = [Double](repeating: 0, count: values.count)
    for i in values.indices {
      let r = i / cols
      let c = (i / plane) % channels
      y[i] = (values[i] - mean[r]) / (variance[r] + epsilon).squareRoot() * scale[c] + bias[c]
    }
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: y))]
  }
}
