/// One operation in SSA form: it reads values by name and defines its outputs, each exactly once.
public struct Node: Sendable, Hashable {
  /// The node's name; unique in its graph after import (generated when the model had none).
  public var name: String
  public var opType: String
  /// The operator domain; `""` is the standard ai.onnx domain.
  public var domain: String
  /// Input value names in order; `""` marks an omitted optional input.
  public var inputs: [String]
  /// Output value names in order; `""` marks an omitted optional output.
  public var outputs: [String]
  public var attributes: [String: Attribute]
  /// The opset version of `domain` the model imported; canonicalization keeps it for reporting.
  public var opsetVersion: Int

  public init(
    name: String = "", opType: String, domain: String = "", inputs: [String], outputs: [String],
    attributes: [String: Attribute] = [:], opsetVersion: Int = 0
  ) {
    self.name = name
    self.opType = opType
    self.domain = domain
    self.inputs = inputs
    self.outputs = outputs
    self.attributes = attributes
    self.opsetVersion = opsetVersion
  }

  /// `domain::opType`, or just `opType` for ai.onnx.
  public var qualifiedOpType: String { domain.isEmpty || domain == "ai.onnx" ? opType : "\(domain)::\(opType)" }

  public subscript(attribute name: String) -> Attribute? {
    get { attributes[name] }
    set { attributes[name] = newValue }
  }

  /// The input name at `index`, or nil when absent or omitted.
  public func input(_ index: Int) -> String? {
    index < inputs.count && !inputs[index].isEmpty ? inputs[index] : nil
  }

  public var subgraphs: [Graph] { attributes.keys.sorted().flatMap { attributes[$0]!.subgraphs } }
}
