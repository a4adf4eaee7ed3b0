import PortIR
import PortOps
import PortTarget

enum GemmKernel: ReferenceKernel {
  static let opType = "Gemm"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let a = try inputs.tensor(0, of: node)
    let b = try inputs.tensor(1, of: node)
    let c = inputs.optionalTensor(2)
    guard a.rank == 2, b.rank == 2 else { throw node.failure("A and B must be 2-D") }
    let transA = node.int("transA", 0) != 0
    let transB = node.int("transB", 0) != 0
    let alpha = Double(node.float("alpha", 1))
    let beta = Double(node.float("beta", 1))
    let (m, k) = transA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    guard k == k2 else { throw node.failure("inner dimensions \(k) and \(k2) differ") }
    let left = transA ? NNKernels.transposed(a.doubles(), rows: a.shape[0], cols: a.shape[1]) : a.doubles()
    let right = transB ? NNKernels.transposed(b.doubles(), rows: b.shape[0], cols: b.shape[1]) : b.doubles()
    var (y, _) = try NNKernels.batchedMatmul(left, [m, k], right, [k, n], node: node)
    if alpha != 1 { for i in y.indices { y[i] *= alpha } }
    if let c {
      let map: [Int]
      do {
        guard try Broadcast.sizes([c.shape, [m, n]]) == [m, n] else { throw node.failure("C \(c.shape) does not broadcast to [\(m), \(n)]") }
        map = Indexing.broadcastMap(from: c.shape, to: [m, n])
      } catch let error as PortError { throw error } catch { throw node.failure("C \(c.shape) does not broadcast to [\(m), \(n)]") }
      let values = c.doubles()
      for i in y.indices { y[i] += beta * values[map[i]] }
    }
    return [.tensor(Tensor(a.elementType, shape: [m, n], doubles: y))]
  }
}
