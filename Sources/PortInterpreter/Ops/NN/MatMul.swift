import PortIR
import PortTarget

enum MatMulKernel: ReferenceKernel {
  static let opType = "MatMul"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    if a.elementType == .int64 || a.elementType == .uint64 {
      throw node.failure("64-bit integer MatMul is not computed exactly in Double", code: .unsupported)
    }
    let (y, shape) = try NNKernels.batchedMatmul(a.doubles(), a.shape, b.doubles(), b.shape, node: node)
    return [.tensor(Tensor(a.elementType, shape: shape, doubles: y))]
  }
}
