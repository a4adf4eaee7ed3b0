import PortIR

/// Every operator definition, found by (domain, op type). Built from the declarations listed in
/// `OpRegistry+Generated.swift`; never edit that list by hand.
public enum OpRegistry {
  private static let table: [String: OpDefinition.Type] = {
    var table: [String: OpDefinition.Type] = [:]
    for definition in generatedDefinitions {
      table[key(definition.domain, definition.opType)] = definition
    }
    return table
  }()

  private static func key(_ domain: String, _ opType: String) -> String {
    "\(canonicalDomain(domain))::\(opType)"
  }

  /// `ai.onnx` and `""` name the same domain.
  public static func canonicalDomain(_ domain: String) -> String { domain == "ai.onnx" ? "" : domain }

  public static func definition(opType: String, domain: String) -> OpDefinition.Type? {
    table[key(domain, opType)]
  }

  public static func definition(for node: Node) -> OpDefinition.Type? {
    definition(opType: node.opType, domain: node.domain)
  }

  public static var all: [OpDefinition.Type] { generatedDefinitions }

  /// The signature `Graph.verify` uses: arity from the definition, types checked by re-running
  /// inference on the node's input types and comparing with the recorded output types.
  ///
  /// Operators without a definition get the arity of their ONNX schema at the node's opset.
  public static func signature(for node: Node) -> OpSignature? {
    if let definition = definition(for: node) { return definition.signature }
    guard let version = StandardOperators.version(opType: node.opType, domain: node.domain, opset: node.opsetVersion)
    else { return nil }
    return OpSignature(inputs: version.inputs, outputs: version.outputs)
  }
}
