import PortIR

enum Scan: OpDefinition {
  static let opType = "Scan"
  static let signature = OpSignature(inputs: 1...OpSignature.variadic, outputs: 1...OpSignature.variadic)

  /// Scan-8 has a leading batch axis on every input and output and an optional `sequence_lens`
  /// first input. Without `sequence_lens`, it is a Scan-9 over the batch axis whose body runs the
  /// original body as a Scan-9 over time (axis 0 of each batch slice). A Scan-8 with
  /// `sequence_lens` (per-batch lengths) has no Scan-9 form and stays as it is.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 9, node.input(0) == nil else { return [node] }
    guard let body = node.attributes["body"]?.graph, let scans = node.attributes["num_scan_inputs"]?.int else {
      throw PortError(.badAttribute, "Scan: needs body and num_scan_inputs", at: Location(node: node.name))
    }
    let values = Array(node.inputs.dropFirst())
    let states = values.count - scans
    guard states >= 0 else { throw PortError(.badArity, "Scan: fewer inputs than num_scan_inputs", at: Location(node: node.name)) }
    var inner = Graph(name: body.name + "_batch")
    var innerInputs: [String] = []
    for value in values { innerInputs.append(context.freshName(value + "_slice")) }
    let innerOutputs = node.outputs.map { $0.isEmpty ? context.freshName(node.name + "_unused") : context.freshName($0 + "_slice") }
    var innerAttributes: [String: Attribute] = ["body": .graph(body), "num_scan_inputs": .int(scans)]
    if let directions = node.attributes["directions"]?.ints { innerAttributes["scan_input_directions"] = .ints(directions) }
    inner.inputs = innerInputs
    inner.outputs = innerOutputs
    inner.nodes = [
      Node(
        name: context.freshName(node.name + "_time"), opType: "Scan", inputs: innerInputs, outputs: innerOutputs,
        attributes: innerAttributes, opsetVersion: 9)
    ]
    let outer = Node(
      name: node.name, opType: "Scan", inputs: values, outputs: node.outputs,
      attributes: ["body": .graph(inner), "num_scan_inputs": .int(values.count)], opsetVersion: 9)
    _ = states
    return [outer]
  }

  /// Whether a node is a Scan-8 left in its own form (it has `sequence_lens`).
  /// (Rewritten Scan-8 nodes are marked opset 9: they are in Scan-9's form.)
  static func isLegacy(_ node: Node) -> Bool { node.opsetVersion < 9 }

  static func infer(_ context: inout InferenceContext) throws {
    guard !isLegacy(context.node) else { return }
    let body = try context.subgraph("body")
    let scans = context.int("num_scan_inputs", default: 0)
    let states = context.inputCount - scans
    guard states >= 0, body.inputs.count == context.inputCount else {
      throw context.error("body takes \(body.inputs.count) inputs, node has \(context.inputCount)", code: .badArity)
    }
    let inputAxes = context.ints("scan_input_axes") ?? Array(repeating: 0, count: scans)
    var bodyInputs = (0..<states).map { context.type($0) }
    var length: Dim = .unknown
    for index in 0..<scans {
      let type = context.type(states + index)
      guard case .tensor(let element, let shape?) = type else {
        bodyInputs.append(type.elementType.map { .tensor($0, nil) } ?? .unknown)
        continue
      }
      let axis = try context.axis(index < inputAxes.count ? inputAxes[index] : 0, rank: shape.rank, "scan_input_axes")
      var dims = shape.dims
      if length == .unknown { length = dims[axis] }
      dims.remove(at: axis)
      bodyInputs.append(.tensor(element, Shape(dims)))
    }
    let outputs = try context.inferSubgraph(body, bodyInputs)
    // No body types (inference without subgraphs, while rewriting): nothing to say.
    guard outputs.count >= states else { return }
    for index in 0..<min(states, outputs.count) {
      context.setOutput(index, bodyInputs[index].joined(with: outputs[index]))
    }
    let outputAxes = context.ints("scan_output_axes") ?? []
    for index in states..<outputs.count {
      guard case .tensor(let element, let shape) = outputs[index] else { continue }
      guard let shape else {
        context.setOutput(index, .tensor(element, nil))
        continue
      }
      let position = index - states
      var axis = position < outputAxes.count ? outputAxes[position] : 0
      if axis < 0 { axis += shape.rank + 1 }
      var dims = shape.dims
      dims.insert(length, at: min(max(axis, 0), dims.count))
      context.setOutput(index, .tensor(element, Shape(dims)))
    }
  }
}
