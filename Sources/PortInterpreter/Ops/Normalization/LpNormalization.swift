import PortIR
import PortTarget

enum LpNormalizationKernel: ReferenceKernel {
  static let opType = "LpNormalization"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let p = node.int("p", 2)
    guard p == 1 || p == 2 else { throw node.failure("p must be 1 or 2, not \(p)") }
    let y = try NNKernels.alongAxis(node, x) { row in
      var norm = 0.0
      for v in row { norm += p == 1 ? Swift.abs(v) : v * v }
      if p == 2 { norm = norm.squareRoot() }
      // A zero norm gives zeros (0/0 → 0).
      return row.map { norm == 0 ? 0 : $0 / norm }
    }
    return [.tensor(y)]
  }
}
