import PortIR
import PortInterpreter

/// Ops whose every output element is a copy of one input element (or a pad of real zero) — nearest
/// Resize, Slice, Gather by constant indices, Expand, Tile, DepthToSpace, SpaceToDepth, Pad with
/// zeros or by reflection/edge: the quantized values move, the parameters stay. The move is a gather
/// map found at quantization time by running the reference kernel on the element numbers (1…n,
/// so that a pad's 0 stands out), so each op's own semantics (coordinate modes, negative steps…)
/// come from its one definition.
enum SelectionIntegerKernel: IntegerKernel {
  static let opTypes = ["Resize", "Slice", "Gather", "Expand", "Tile", "DepthToSpace", "SpaceToDepth", "Pad"]
  /// Element numbers stay exact in double arithmetic far beyond this; it bounds the map's size.
  static let maximumElements = 1 << 26

  static func refusal(for node: Node, in graph: Graph) -> String? {
    if let reason = QuantSupport.staticFloatRefusal(node, graph, inputs: [0]) { return reason }
    guard node.outputs.count == 1 else { return "one output only" }
    for name in node.inputs.dropFirst() where !name.isEmpty && graph.initializers[name] == nil {
      return "input '\(name)' is not a constant"
    }
    if node.opType == "Resize", node.string("mode", "nearest") != "nearest" {
      return "only nearest Resize moves values without arithmetic"
    }
    if node.opType == "Pad" {
      if let value = node.input(2), graph.initializers[value]?.scalarDouble ?? 0 != 0 { return "pads with a nonzero constant" }
    }
    guard let shape = QuantSupport.floatShape(node.outputs[0], graph), shape.reduce(1, *) <= maximumElements else {
      return "output too large for a gather map"
    }
    return nil
  }

  static func prepare(_ node: Node, _ context: inout PreparationContext) throws -> QuantizedStep {
    guard let shape = context.shape(node.inputs[0]) else { throw node.failure("input shape is not static") }
    let count = shape.reduce(1, *)
    let numbers = Tensor(.double, shape: shape, doubles: (0..<count).map { Double($0 + 1) })
    var operands: [HostValue?] = [.tensor(numbers)]
    for name in node.inputs.dropFirst() {
      operands.append(name.isEmpty ? nil : context.constant(name).map { .tensor($0) })
    }
    guard let moved = try Interpreter.runNode(node, in: context.graph, operands).first??.tensor else {
      throw node.failure("the reference kernel gave no output")
    }
    let map = moved.doubles().map { Int32($0.rounded()) - 1 }
    guard map.allSatisfy({ $0 >= -1 && $0 < count }) else { throw node.failure("not a selection of its input") }
    return try QuantSupport.passThrough(node, &context, kernel: name)
      .with(constants: ["map": IntegerBlob(int32: map, shape: moved.shape)], output: try context.activation(node.inputs[0]))
  }

  static func run(_ step: QuantizedStep, _ inputs: [QTensor]) throws -> [QTensor] {
    let x = try step.input(inputs, 0)
    let map = try step.constant("map")
    let zero = x.parameters.zeroPoint
    guard map.values.allSatisfy({ $0 < x.count }) else { throw step.failure("input \(x.shape) is smaller than planned") }
    let y = map.values.map { $0 < 0 ? zero : x.values[Int($0)] }
    return [QTensor(shape: map.shape, values: y, parameters: x.parameters)]
  }
}
