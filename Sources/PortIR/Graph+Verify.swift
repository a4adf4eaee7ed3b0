/// What `verify` needs to know of an operator: how many inputs and outputs it takes, and
/// optionally a check of the input and output types.
public struct OpSignature: Sendable {
  public var inputs: ClosedRange<Int>
  public var outputs: ClosedRange<Int>
  /// Returns a problem with the node's types, or nil when they fit.
  public var checkTypes: (@Sendable (_ node: Node, _ inputs: [ValueType], _ outputs: [ValueType]) -> String?)?

  public init(
    inputs: ClosedRange<Int>, outputs: ClosedRange<Int>,
    checkTypes: (@Sendable (Node, [ValueType], [ValueType]) -> String?)? = nil
  ) {
    self.inputs = inputs
    self.outputs = outputs
    self.checkTypes = checkTypes
  }

  public static let variadic = Int.max
}

extension Graph {
  /// Checks the invariants every pass must keep: each value defined once (SSA), every read
  /// defined before it (so no cycles), graph outputs defined, arity and types as the operator's
  /// signature says, constants whose data matches their shape. Subgraphs are checked in their scope.
  ///
  /// - Parameter signature: the signature of a node's operator, or nil when unknown (then only
  ///   the structure is checked).
  public func verify(signature: (Node) -> OpSignature? = { _ in nil }) throws {
    var problems: [PortError] = []
    verify(outerScope: [], signature: signature, depth: 0, problems: &problems)
    if !problems.isEmpty { throw PortErrors(problems) }
  }

  private func verify(
    outerScope: Set<String>, signature: (Node) -> OpSignature?, depth: Int, problems: inout [PortError]
  ) {
    var defined = outerScope
    func define(_ name: String, _ location: Location) {
      if name.isEmpty { return }
      if defined.contains(name) {
        problems.append(PortError(.duplicateName, "value '\(name)' is defined more than once", at: location))
      }
      defined.insert(name)
    }
    for input in inputs { define(input, Location(field: "graph '\(self.name)' input '\(input)'")) }
    for name in initializers.keys.sorted() where !inputs.contains(name) {
      define(name, Location(field: "initializer '\(name)'"))
    }
    for (name, tensor) in initializers.sorted(by: { $0.key < $1.key }) {
      if let problem = tensor.storageProblem {
        problems.append(PortError(.badTensorData, problem, at: Location(field: "initializer '\(name)'")))
      }
    }
    let producedLater = Set(nodes.flatMap(\.outputs))
    var nodeNames = Set<String>()
    for node in nodes {
      let location = Location(node: node.name)
      if !node.name.isEmpty && !nodeNames.insert(node.name).inserted {
        problems.append(PortError(.duplicateName, "node name '\(node.name)' is used more than once", at: location))
      }
      for (index, input) in node.inputs.enumerated() where !input.isEmpty && !defined.contains(input) {
        let code: PortError.Code = producedLater.contains(input) ? .graphCycle : .danglingInput
        let why =
          code == .graphCycle
          ? "reads '\(input)' before it is produced (a cycle, or nodes out of order)"
          : "input \(index) '\(input)' is not defined by any graph input, initializer or earlier node"
        problems.append(PortError(code, why, at: location))
      }
      for subgraph in node.subgraphs {
        subgraph.verify(outerScope: defined, signature: signature, depth: depth + 1, problems: &problems)
      }
      if let signature = signature(node) {
        let inputCount = node.inputs.count
        if !signature.inputs.contains(inputCount) {
          problems.append(
            PortError(.badArity, "\(node.qualifiedOpType) takes \(Graph.arity(signature.inputs)) inputs, got \(inputCount)", at: location))
        }
        if !signature.outputs.contains(node.outputs.count) {
          problems.append(
            PortError(
              .badArity, "\(node.qualifiedOpType) gives \(Graph.arity(signature.outputs)) outputs, got \(node.outputs.count)",
              at: location))
        }
        if let check = signature.checkTypes {
          let inputTypes = node.inputs.map { $0.isEmpty ? ValueType.unknown : type(of: $0) }
          let outputTypes = node.outputs.map { $0.isEmpty ? ValueType.unknown : type(of: $0) }
          if let problem = check(node, inputTypes, outputTypes) {
            problems.append(PortError(.typeMismatch, problem, at: location))
          }
        }
      }
      for output in node.outputs { define(output, Location(node: node.name, field: "output '\(output)'")) }
    }
    for output in outputs where !defined.contains(output) {
      problems.append(
        PortError(.danglingInput, "graph output '\(output)' is never produced", at: Location(field: "graph '\(name)'")))
    }
  }

  static func arity(_ range: ClosedRange<Int>) -> String {
    if range.upperBound == OpSignature.variadic { return "at least \(range.lowerBound)" }
    return range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
  }
}

extension Tensor {
  /// Why this tensor's data does not fit its shape, or nil.
  public var storageProblem: String? {
    if shape.contains(where: { $0 < 0 }) { return "negative dimension in shape \(shape)" }
    switch storage {
    case .strings(let values):
      return values.count == count ? nil : "holds \(values.count) strings for shape \(shape) (\(count) elements)"
    case .bytes(let data):
      let expected = elementType.byteCount(elements: count)
      return data.count == expected
        ? nil : "holds \(data.count) bytes; shape \(shape) of \(elementType) needs \(expected)"
    }
  }
}
