import PortIR
import PortTarget

enum LayerNormalizationKernel: ReferenceKernel {
  static let opType = "LayerNormalization"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let scale = try NNKernels.broadcast(try inputs.tensor(1, of: node), to: x.shape, node: node)
    let bias = try inputs.optionalTensor(2).map { try NNKernels.broadcast($0, to: x.shape, node: node) }
    let axis = try NNKernels.axis(node, node.int("axis", -1), rank: x.rank)
    let epsilon = Double(node.float("epsilon", 1e-5))
    let stash = ElementType(rawValue: node.int("stash_type", 1)) ?? .float
    let rows = x.shape[..<axis].reduce(1, *)
    let cols = x.shape[axis...].reduce(1, *)
    let values = x.doubles()
    let (mean, variance) = NNKernels.rowStatistics(values, rows: rows, cols: cols)
    let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
    var y = [Double](repeating: 0, count: values.count)
    for r in 0..<rows {
      for i in (r * cols)..<((r + 1) * cols) {
        y[i] = (values[i] - mean[r]) * inverse[r] * scale[i] + (bias?[i] ?? 0)
      }
    }
    let reduced = Array(x.shape[..<axis]) + Array(repeating: 1, count: x.rank - axis)
    return [
      .tensor(Tensor(x.elementType, shape: x.shape, doubles: y)),
      .tensor(Tensor(stash, shape: reduced, doubles: mean)),
      .tensor(Tensor(stash, shape: reduced, doubles: inverse)),
    ]
  }
}
