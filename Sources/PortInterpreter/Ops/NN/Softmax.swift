import Foundation
import PortIR
import PortTarget

enum SoftmaxKernel: ReferenceKernel {
  static let opType = "Softmax"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let y = try NNKernels.alongAxis(node, x) { row in
      let top = row.max() ?? 0
      var exps = row.map { Foundation.exp($0 - top) }
      var sum = 0.0
      for v in exps { sum += v }
      for i in exps.indices { exps[i] /= sum }
      return exps
    }
    return [.tensor(y)]
  }
}
