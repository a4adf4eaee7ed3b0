import PortIR
import PortOps
import PortTarget

/// act(MatMul(A, B) + Bias), Bias 1-D over the last dimension, by the MatMul, Add and activation kernels.
enum FusedMatMulKernel: ReferenceKernel {
  static let opType = "FusedMatMul"
  static let domain = FusedOps.domain
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    var y = try FusedKernels.stage("MatMul", of: node, Array(inputs.prefix(2)), context)
    if let bias = inputs.optionalTensor(2) {
      guard bias.rank == 1, bias.shape.first == y.shape.last else {
        throw node.failure("Bias \(bias.shape) must be 1-D with the result's last dimension \(y.shape)")
      }
      y = try FusedKernels.add(y, bias, of: node, context)
    }
    return [.tensor(try FusedKernels.activate(y, of: node, context))]
  }
}
