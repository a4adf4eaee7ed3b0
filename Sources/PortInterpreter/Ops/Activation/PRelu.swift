import Foundation
import PortIR
import PortTarget

enum PReluKernel: ReferenceKernel {
  static let opType = "PRelu"
  /// The slope broadcasts to X.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    let slope = try inputs.tensor(1, of: node)
    return [
      .tensor(
        try Elementwise.binary(
          x, slope, float: { $0 < 0 ? $0 * $1 : $0 }, int: { $0 < 0 ? $0 &* $1 : $0 }, uint: { x, _ in x }))
    ]
  }
}
