import PortIR

enum Constant: OpDefinition {
  static let opType = "Constant"
  static let signature = OpSignature(inputs: 0...0, outputs: 1...1)

  /// Opset 12 added `value_float(s)`, `value_int(s)` and `value_string(s)`; the canonical form holds
  /// every constant as one `value` tensor.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    let attributes = node.attributes
    result.attributes = [:]
    let tensor: Tensor
    if let value = attributes["value"]?.tensor {
      tensor = value
    } else if case .float(let value)? = attributes["value_float"] {
      tensor = Tensor(shape: [], floats: [value])
    } else if let values = attributes["value_floats"]?.floats {
      tensor = Tensor(shape: [values.count], floats: values)
    } else if case .int(let value)? = attributes["value_int"] {
      tensor = Tensor(int64s: [Int64(value)], shape: [])
    } else if let values = attributes["value_ints"]?.ints {
      tensor = Tensor(int64s: values.map(Int64.init))
    } else if let value = attributes["value_string"]?.string {
      tensor = Tensor(strings: [value], shape: [])
    } else if let values = attributes["value_strings"]?.strings {
      tensor = Tensor(strings: values, shape: [values.count])
    } else {
      throw PortError(
        .unsupported, "Constant: needs one of value, value_float(s), value_int(s), value_string(s) (sparse_value is not supported)",
        at: Location(node: node.name))
    }
    result.attributes["value"] = .tensor(tensor)
    return [result]
  }

  static func infer(_ context: inout InferenceContext) throws {
    guard let tensor = context.attribute("value")?.tensor else { return }
    context.setOutput(0, tensor.valueType, value: tensor.count <= 64 ? .tensor(tensor) : nil)
  }
}
