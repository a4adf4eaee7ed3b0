import PortIR
import PortTarget

enum SpaceToDepthKernel: ReferenceKernel {
  static let opType = "SpaceToDepth"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let b = node.int("blocksize", 0)
    guard x.rank == 4, b > 0, x.shape[2] % b == 0, x.shape[3] % b == 0 else {
      throw node.failure("needs a 4-D input with H and W divisible by blocksize")
    }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let t = TensorKernels.transpose(TensorKernels.reshaped(x, [n, c, h / b, b, w / b, b]), [0, 3, 5, 1, 2, 4])
    return [.tensor(TensorKernels.reshaped(t, [n, c * b * b, h / b, w / b]))]
  }
}
