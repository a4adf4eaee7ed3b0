import Foundation
import PortIR
import PortTarget

enum LogSoftmaxKernel: ReferenceKernel {
  static let opType = "LogSoftmax"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let y = try NNKernels.alongAxis(node, x) { row in
      let top = row.max() ?? 0
      var sum = 0.0
      for v in row { sum += Foundation.exp(v - top) }
      let log = Foundation.log(sum)
      return row.map { $0 - top - log }
    }
    return [.tensor(y)]
  }
}
