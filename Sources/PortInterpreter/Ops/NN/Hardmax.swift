import PortIR
import PortTarget

enum HardmaxKernel: ReferenceKernel {
  static let opType = "Hardmax"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let y = try NNKernels.alongAxis(node, x) { row in
      // The first maximum wins, as numpy.argmax.
      var best = 0
      for i in row.indices where row[i] > row[best] { best = i }
      return row.indices.map { $0 == best ? 1 : 0 }
    }
    return [.tensor(y)]
  }
}
