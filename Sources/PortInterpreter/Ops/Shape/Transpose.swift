import PortIR
import PortTarget

enum TransposeKernel: ReferenceKernel {
  static let opType = "Transpose"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let perm = node.ints("perm") ?? Array((0..<x.rank).reversed())
    guard perm.count == x.rank, Set(perm) == Set(0..<x.rank) else { throw node.failure("perm \(perm) does not fit rank \(x.rank)") }
    return [.tensor(TensorKernels.transpose(x, perm))]
  }
}
