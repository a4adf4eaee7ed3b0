import PortIR

enum BatchNormalization: OpDefinition {
  static let opType = "BatchNormalization"
  /// X, scale, B, input_mean, input_var → Y, running_mean, running_var (the last two in training mode).
  static let signature = OpSignature(inputs: 5...5, outputs: 1...3)

  /// Older forms:
  /// - `consumed_inputs` (1–5) is dropped; `is_test` (1–6) and extra outputs (1–13) choose training mode.
  /// - outputs 3 and 4 (saved mean and variance, before 14) have no canonical counterpart and are refused.
  /// - `spatial=0` (before 9) normalizes per activation with statistics shaped like X without N:
  ///   rewritten into element-wise ops Y = (X − mean) · scale / √(var + ε) + B.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 14 else { return [node] }
    var result = node
    let epsilon = node.attributes["epsilon"]?.float ?? 1e-5
    let spatial = node.attributes["spatial"]?.int ?? 1
    let isTest = node.attributes["is_test"]?.int
    result.attributes = ["epsilon": .float(epsilon)]
    if let momentum = node.attributes["momentum"] { result.attributes["momentum"] = momentum }
    let extra = node.outputs.dropFirst().contains { !$0.isEmpty }
    if node.outputs.count > 3, node.outputs[3...].contains(where: { !$0.isEmpty }) {
      throw PortError(
        .unsupported, "BatchNormalization-\(node.opsetVersion): the saved_mean/saved_var outputs have no opset-15 counterpart",
        at: Location(node: node.name))
    }
    let training = extra && isTest != 1
    if training { result.attributes["training_mode"] = .int(1) }
    result.outputs = Array(node.outputs.prefix(training ? 3 : 1))
    guard spatial == 0 && node.opsetVersion < 9 else { return [result] }
    if training {
      throw PortError(
        .unsupported, "BatchNormalization-\(node.opsetVersion): training with spatial=0 has no opset-15 counterpart",
        at: Location(node: node.name))
    }
    var nodes: [Node] = []
    func emit(_ op: String, _ inputs: [String], _ base: String, output: String? = nil) -> String {
      let name = output ?? context.freshName(node.name + "_" + base)
      nodes.append(Node(
        name: context.freshName(node.name + "_" + base + "_op"), opType: op, inputs: inputs, outputs: [name],
        opsetVersion: node.opsetVersion))
      return name
    }
    let (x, scale, bias, mean, variance) = (node.inputs[0], node.inputs[1], node.inputs[2], node.inputs[3], node.inputs[4])
    let element = context.graph.type(of: x).elementType ?? .float
    let eps = context.constant(Tensor(element, shape: [], doubles: [Double(epsilon)]), name: node.name + "_epsilon")
    let std = emit("Sqrt", [emit("Add", [variance, eps], "var_eps")], "std")
    let centered = emit("Sub", [x, mean], "centered")
    let scaled = emit("Mul", [emit("Div", [centered, std], "normalized"), scale], "scaled")
    _ = emit("Add", [scaled, bias], "shifted", output: node.outputs[0])
    return nodes
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats)
    try context.requireSameType([1, 2])
    try context.requireSameType([3, 4])
    guard let shape = context.shape(0) else {
      context.setOutput(0, context.sameAsInput(0))
      return
    }
    guard shape.rank >= 2 else { throw context.error("X must have rank ≥ 2", code: .shapeMismatch) }
    context.setOutput(0, context.sameAsInput(0))
    let statistics = context.elementType(3) ?? context.elementType(0)
    if let statistics {
      context.setOutput(1, .tensor(statistics, Shape([shape.dims[1]])))
      context.setOutput(2, .tensor(statistics, Shape([shape.dims[1]])))
    }
  }
}
