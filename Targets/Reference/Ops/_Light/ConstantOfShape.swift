import PortIR
import PortTarget

// Stand-in for the light models until the owner's version lands; replace freely.
enum ConstantOfShapeKernel: ReferenceKernel {
  static let opType = "ConstantOfShape"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let shape = try inputs.tensor(0, of: node).int64s().map { Int($0) }
    guard shape.allSatisfy({ $0 >= 0 }) else { throw node.failure("negative dimension in \(shape)") }
    let value = node.attributes["value"]?.tensor ?? Tensor(shape: [1], floats: [0])
    let count = shape.reduce(1, *)
    let element = value.doubles().first ?? 0
    if value.elementType == .int64 || value.elementType == .uint64 {
      return [.tensor(Tensor(value.elementType, shape: shape, int64s: Array(repeating: value.int64s().first ?? 0, count: count)))]
    }
    return [.tensor(Tensor(value.elementType, shape: shape, doubles: Array(repeating: element, count: count)))]
  }
}
