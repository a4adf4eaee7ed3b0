import Foundation
import PortIR
import PortTarget

// Stand-in for the light models until the owner's version lands; replace freely.
enum ConcatKernel: ReferenceKernel {
  static let opType = "Concat"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    let parts = try (0..<inputs.count).map { try inputs.tensor($0, of: node) }
    guard let first = parts.first, first.elementType != .string, first.elementType.bitWidth % 8 == 0 else {
      throw node.failure("needs byte-sized element types")
    }
    let axis = try NNKernels.axis(node, node.int("axis", 0), rank: first.rank)
    let width = first.elementType.bitWidth / 8
    let outer = first.shape[..<axis].reduce(1, *)
    var shape = first.shape
    shape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
    var data = Data(capacity: shape.reduce(1, *) * width)
    // Each part contributes a contiguous run per outer index.
    let runs = parts.map { $0.shape[axis...].reduce(1, *) * width }
    for o in 0..<outer {
      for (part, run) in zip(parts, runs) { data.append(part.bytes[(part.bytes.startIndex + o * run)..<(part.bytes.startIndex + (o + 1) * run)]) }
    }
    return [.tensor(Tensor(first.elementType, shape: shape, bytes: data))]
  }
}
