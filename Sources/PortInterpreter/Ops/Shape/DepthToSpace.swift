import PortIR
import PortTarget

enum DepthToSpaceKernel: ReferenceKernel {
  static let opType = "DepthToSpace"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let b = node.int("blocksize", 0)
    guard x.rank == 4, b > 0, x.shape[1] % (b * b) == 0 else { throw node.failure("needs a 4-D input with C divisible by blocksize²") }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let depth = c / (b * b)
    // DCR: [N, b, b, C', H, W] → [N, C', H, b, W, b]; CRD: [N, C', b, b, H, W] → [N, C', H, b, W, b].
    if node.string("mode", "DCR") == "CRD" {
      let t = TensorKernels.transpose(TensorKernels.reshaped(x, [n, depth, b, b, h, w]), [0, 1, 4, 2, 5, 3])
      return [.tensor(TensorKernels.reshaped(t, [n, depth, h * b, w * b]))]
    }
    let t = TensorKernels.transpose(TensorKernels.reshaped(x, [n, b, b, depth, h, w]), [0, 3, 4, 1, 5, 2])
    return [.tensor(TensorKernels.reshaped(t, [n, depth, h * b, w * b]))]
  }
}
