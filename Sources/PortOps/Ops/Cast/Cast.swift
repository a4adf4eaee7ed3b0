import PortIR

enum Cast: OpDefinition {
  static let opType = "Cast"
  static let signature = OpSignature(inputs: 1...1, outputs: 1...1)

  /// Opset 1 named the target type by string (`to: "FLOAT"`); since opset 6 it is the
  /// TensorProto.DataType number.
  static func canonicalize(_ node: Node, _ context: inout CanonicalizationContext) throws -> [Node] {
    var result = node
    if case .string(let name)? = node.attributes["to"] {
      guard let type = ElementType(name: name.lowercased()) ?? legacyNames[name.uppercased()] else {
        throw PortError(.badAttribute, "Cast: unknown target type '\(name)'", at: Location(node: node.name))
      }
      result.attributes["to"] = .int(type.rawValue)
    }
    return [result]
  }

  static let legacyNames: [String: ElementType] = [
    "FLOAT": .float, "DOUBLE": .double, "FLOAT16": .float16, "BFLOAT16": .bfloat16, "INT8": .int8, "UINT8": .uint8,
    "INT16": .int16, "UINT16": .uint16, "INT32": .int32, "UINT32": .uint32, "INT64": .int64, "UINT64": .uint64,
    "BOOL": .bool, "STRING": .string,
  ]

  static func infer(_ context: inout InferenceContext) throws {
    guard let code = context.attribute("to")?.int, let target = ElementType(rawValue: code) else {
      throw context.error("attribute 'to' is missing or not a known type", code: .badAttribute)
    }
    if let source = context.elementType(0), source.isComplex || target.isComplex, source != target {
      throw context.error("cannot cast \(source) to \(target)")
    }
    // Integer shape values stay known through casts between integer types.
    var value: KnownValue?
    if target == .int64 || target == .int32, let known = context.value(0), case .dims = known { value = known }
    context.setOutput(0, .tensor(target, context.shape(0)), value: value)
  }
}
