import PortIR

enum LabelEncoder: OpDefinition {
  static let opType = "LabelEncoder"
  static let domain = "ai.onnx.ml"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// The canonical form is opset 4's: `keys_tensor`, `values_tensor` and `default_tensor`.
  /// Opsets 2–3 gave keys and values as typed lists with `default_float/int64/string`; opset 1 had
  /// `classes_strings` mapping strings to their index (or back, for int64 input).
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    var attributes = node.attributes
    let defaultFloat = attributes.removeValue(forKey: "default_float")?.float ?? -0.0
    let defaultInt = attributes.removeValue(forKey: "default_int64")?.int ?? -1
    let defaultString = attributes.removeValue(forKey: "default_string")?.string ?? "_Unused"
    func listTensor(_ prefix: String) -> Tensor? {
      if let values = attributes.removeValue(forKey: "\(prefix)_floats")?.floats {
        return Tensor(shape: [values.count], floats: values)
      }
      if let values = attributes.removeValue(forKey: "\(prefix)_int64s")?.ints {
        return Tensor(int64s: values.map(Int64.init))
      }
      if let values = attributes.removeValue(forKey: "\(prefix)_strings")?.strings {
        return Tensor(strings: values, shape: [values.count])
      }
      return attributes.removeValue(forKey: "\(prefix)_tensor")?.tensor
    }
    var keys = listTensor("keys")
    var values = listTensor("values")
    if let classes = attributes.removeValue(forKey: "classes_strings")?.strings {
      let strings = Tensor(strings: classes, shape: [classes.count])
      let indices = Tensor(int64s: (0..<classes.count).map(Int64.init))
      let fromStrings = context.graph.type(of: node.inputs[0]).elementType == .string
      keys = fromStrings ? strings : indices
      values = fromStrings ? indices : strings
    }
    guard let keys, let values else {
      throw PortError(.badAttribute, "LabelEncoder: keys and values are required", at: Location(node: node.name))
    }
    attributes["keys_tensor"] = .tensor(keys)
    attributes["values_tensor"] = .tensor(values)
    if attributes["default_tensor"] == nil {
      let fallback: Tensor
      switch values.elementType {
      case .string: fallback = Tensor(strings: [defaultString], shape: [1])
      case .float, .double, .float16: fallback = Tensor(values.elementType, shape: [1], doubles: [Double(defaultFloat)])
      default: fallback = Tensor(values.elementType, shape: [1], int64s: [Int64(defaultInt)])
      }
      attributes["default_tensor"] = .tensor(fallback)
    }
    result.attributes = attributes
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let values = context.attribute("values_tensor")?.tensor else {
      throw context.error("attribute 'values_tensor' is required", code: .badAttribute)
    }
    if let keys = context.attribute("keys_tensor")?.tensor {
      guard keys.count == values.count else {
        throw context.error(
          "keys_tensor has \(keys.count) entries but values_tensor \(values.count)", code: .badAttribute)
      }
      try context.require(0, in: [keys.elementType], "X")
    }
    context.setOutput(0, .tensor(values.elementType, context.shape(0)))
  }
}
