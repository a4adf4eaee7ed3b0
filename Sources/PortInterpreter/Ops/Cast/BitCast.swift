import Foundation
import PortIR
import PortTarget

enum BitCastKernel: ReferenceKernel {
  static let opType = "BitCast"
  /// Same bits, read as another type of the same width.
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let target = ElementType(rawValue: node.int("to", 0)), target != .string, x.elementType != .string,
      target.bitWidth == x.elementType.bitWidth
    else { throw node.failure("cannot reinterpret \(x.elementType) with attribute to=\(node.int("to", 0))") }
    if target == .bool {
      // Only 0 and 1 are valid bool bytes.
      return [.tensor(Tensor(.bool, shape: x.shape, int64s: [UInt8](x.bytes).map { $0 == 0 ? 0 : 1 }))]
    }
    return [.tensor(Tensor(target, shape: x.shape, bytes: x.bytes))]
  }
}
