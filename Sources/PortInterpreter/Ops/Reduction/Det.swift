import PortIR
import PortTarget

enum DetKernel: ReferenceKernel {
  static let opType = "Det"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard x.rank >= 2, x.shape[x.rank - 1] == x.shape[x.rank - 2] else { throw node.failure("needs square matrices, got \(x.shape)") }
    let n = x.shape[x.rank - 1]
    let values = x.doubles()
    let batch = x.count / max(n * n, 1)
    var result: [Double] = []
    for b in 0..<(n == 0 ? x.shape.dropLast(2).reduce(1, *) : batch) {
      // LU decomposition with partial pivoting.
      var m = n == 0 ? [] : Array(values[(b * n * n)..<((b + 1) * n * n)])
      var det = 1.0
      for column in 0..<n {
        var pivot = column
        for row in column..<n where abs(m[row * n + column]) > abs(m[pivot * n + column]) { pivot = row }
        if m[pivot * n + column] == 0 { det = 0; break }
        if pivot != column {
          for k in 0..<n { m.swapAt(pivot * n + k, column * n + k) }
          det = -det
        }
        det *= m[column * n + column]
        for row in (column + 1)..<n {
          let factor = m[row * n + column] / m[column * n + column]
          for k in column..<n { m[row * n + k] -= factor * m[column * n + k] }
        }
      }
      result.append(det)
    }
    return [.tensor(Tensor(x.elementType, shape: Array(x.shape.dropLast(2)), doubles: result))]
  }
}
