import PortIR
import PortOps
import PortTarget

enum ExpandKernel: ReferenceKernel {
  static let opType = "Expand"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let requested = TensorKernels.ints(try inputs.tensor(1, of: node))
    let shape: [Int]
    do {
      shape = try Broadcast.sizes([x.shape, requested])
    } catch {
      throw node.failure("cannot expand \(x.shape) to \(requested): \(error)")
    }
    return [.tensor(TensorKernels.take(x, Indexing.broadcastMap(from: x.shape, to: shape), shape: shape))]
  }
}
