import PortIR
import PortTarget

enum InstanceNormalizationKernel: ReferenceKernel {
  static let opType = "InstanceNormalization"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let scale = try inputs.tensor(1, of: node).doubles()
    let bias = try inputs.tensor(2, of: node).doubles()
    guard x.rank >= 3, scale.count == x.shape[1], bias.count == x.shape[1] else {
      throw node.failure("X must have rank ≥ 3 and scale, B one value per channel")
    }
    let epsilon = Double(node.float("epsilon", 1e-5))
    let plane = x.shape.dropFirst(2).reduce(1, *)
    let values = x.doubles()
    let rows = x.shape[0] * x.shape[1]
    let (mean, variance) = NNKernels.rowStatistics(values, rows: rows, cols: plane)
    var y = [Double](repeating: 0, count: values.count)
    for r in 0..<rows {
      let c = r % x.shape[1]
      let factor = scale[c] / (variance[r] + epsilon).squareRoot()
      for i in (r * plane)..<((r + 1) * plane) { y[i] = (values[i] - mean[r]) * factor + bias[c] }
    }
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: y))]
  }
}
