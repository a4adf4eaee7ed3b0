import PortIR
import PortTarget

// Stand-in for the light models (Dropout<10's mask) until the owner's version lands; replace freely.
enum CastKernel: ReferenceKernel {
  static let opType = "Cast"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let x = try inputs.tensor(0, of: node)
    guard let to = ElementType(rawValue: node.int("to", 0)), to != .string, x.elementType != .string else {
      throw node.failure("unsupported Cast target", code: .unsupported)
    }
    return [.tensor(Tensor(to, shape: x.shape, doubles: x.doubles()))]
  }
}
