import PortIR
import PortTarget

enum FlattenKernel: ReferenceKernel {
  static let opType = "Flatten"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    var axis = node.int("axis", 1)
    if axis < 0 { axis += x.rank }
    guard axis >= 0, axis <= x.rank else { throw node.failure("axis \(axis) is out of range for rank \(x.rank)") }
    return [.tensor(TensorKernels.reshaped(x, [x.shape[..<axis].reduce(1, *), x.shape[axis...].reduce(1, *)]))]
  }
}
