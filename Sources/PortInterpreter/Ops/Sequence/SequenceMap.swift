import PortIR
import PortTarget

enum SequenceMapKernel: ReferenceKernel {
  static let opType = "SequenceMap"
  static func run(_ node: Node, _ inputs: [HostValue?], _ context: KernelContext) throws -> [HostValue?] {
    guard let body = node.attributes["body"]?.graph else { throw node.failure("missing body") }
    let (first, _) = try SequenceKernels.sequence(inputs, node)
    let count = first.count
    var results: [[HostValue]] = Array(repeating: [], count: body.outputs.count)
    for index in 0..<count {
      // Sequence inputs give their index-th element; tensor inputs are passed whole.
      let arguments = try inputs.enumerated().map { position, value -> HostValue in
        guard let value else { throw node.failure("input \(position) is missing") }
        if case .sequence(let elements, _) = value {
          guard elements.count == count else { throw node.failure("input sequences differ in length") }
          return elements[index]
        }
        return value
      }
      for (k, output) in try context.runSubgraph(body, arguments).enumerated() { results[k].append(output) }
    }
    return results.enumerated().map { k, values -> HostValue? in
      let declared: ValueType
      if case .sequence(let element) = context.type(of: node.outputs[k]) { declared = element } else { declared = .unknown }
      return .sequence(values, elementType: values.first.map(SequenceKernels.elementType) ?? declared)
    }
  }
}
