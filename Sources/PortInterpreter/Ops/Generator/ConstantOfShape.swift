import PortIR
import PortTarget

enum ConstantOfShapeKernel: ReferenceKernel {
  static let opType = "ConstantOfShape"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let shape = TensorKernels.ints(try inputs.tensor(0, of: node))
    guard shape.allSatisfy({ $0 >= 0 }) else { throw node.failure("shape \(shape) has a negative size") }
    let fill = node.attributes["value"]?.tensor ?? Tensor.zeros(.float, shape: [1])
    guard fill.count == 1 else { throw node.failure("value must hold one element") }
    let count = shape.reduce(1, *)
    return [.tensor(TensorKernels.take(fill, Array(repeating: 0, count: count), shape: shape))]
  }
}
