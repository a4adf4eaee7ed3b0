import PortIR
import PortOps
import PortTarget

/// act(Gemm(A, B, C)), by the Gemm and activation kernels.
enum FusedGemmKernel: ReferenceKernel {
  static let opType = "FusedGemm"
  static let domain = FusedOps.domain
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let y = try FusedKernels.stage("Gemm", of: node, attributes: FusedKernels.mainAttributes(node), inputs, context)
    return [.tensor(try FusedKernels.activate(y, of: node, context))]
  }
}
