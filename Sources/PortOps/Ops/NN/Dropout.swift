import PortIR

enum Dropout: OpDefinition {
  static let opType = "Dropout"
  /// data, ratio, training_mode → output, mask.
  static let signature = OpSignature(inputs: 1...3, outputs: 1...2)

  /// Before 12 `ratio` is an attribute (moved to an input); before 7 `is_test=0` asks for training
  /// (a true training_mode input). Before 10 the mask has the data's type rather than bool: a Cast restores it.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    guard node.opsetVersion < 12 else { return [node] }
    var result = node
    result.attributes = [:]
    if node.attributes["seed"] != nil { result.attributes["seed"] = node.attributes["seed"] }
    let ratio = node.attributes["ratio"]?.float ?? 0.5
    let training = node.opsetVersion < 7 && (node.attributes["is_test"]?.int ?? 0) == 0
    let ratioName = context.constant(Tensor(shape: [], floats: [ratio]), name: node.name + "_ratio")
    result.inputs = [node.inputs[0], ratioName]
    if training { result.inputs.append(context.constant(Tensor(.bool, shape: [], int64s: [1]), name: node.name + "_training")) }
    guard node.opsetVersion < 10, node.outputs.count > 1, !node.outputs[1].isEmpty,
      let element = context.graph.type(of: node.inputs[0]).elementType
    else { return [result] }
    let boolMask = context.freshName(node.outputs[1] + "_bool")
    result.outputs[1] = boolMask
    let cast = Node(
      name: context.freshName(node.name + "_mask"), opType: "Cast", inputs: [boolMask], outputs: [node.outputs[1]],
      attributes: ["to": .int(element.rawValue)], opsetVersion: node.opsetVersion)
    return [result, cast]
  }

  static func infer(_ context: inout InferenceContext) throws {
    try context.require(0, in: TypeSets.floats.union(NNCore.quantized))
    try context.require(2, in: [.bool])
    context.setOutput(0, context.sameAsInput(0))
    context.setOutput(1, .tensor(.bool, context.shape(0)))
  }
}
