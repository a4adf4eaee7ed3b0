import PortIR
import PortTarget

enum RMSNormalizationKernel: ReferenceKernel {
  static let opType = "RMSNormalization"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let scale = try NNKernels.broadcast(try inputs.tensor(1, of: node), to: x.shape, node: node)
    let axis = try NNKernels.axis(node, node.int("axis", -1), rank: x.rank)
    let epsilon = Double(node.float("epsilon", 1e-5))
    let rows = x.shape[..<axis].reduce(1, *)
    let cols = x.shape[axis...].reduce(1, *)
    let values = x.doubles()
    var y = [Double](repeating: 0, count: values.count)
    for r in 0..<rows {
      var squares = 0.0
      for i in (r * cols)..<((r + 1) * cols) { squares += values[i] * values[i] }
      let inverse = 1 / (squares / Double(cols) + epsilon).squareRoot()
      for i in (r * cols)..<((r + 1) * cols) { y[i] = values[i] * inverse * scale[i] }
    }
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: y))]
  }
}
