import Foundation
import PortIR
import PortTarget

enum ErfKernel: ReferenceKernel {
  static let opType = "Erf"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    // Integer inputs: the result is truncated back to the integer type, as NumPy's astype does.
    return [.tensor(Tensor(x.elementType, shape: x.shape, doubles: x.doubles().map { erf($0) }))]
  }
}
