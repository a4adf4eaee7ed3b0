/// An imported model: its main graph plus what ONNX recorded about it.
public struct Model: Sendable, Hashable {
  public var graph: Graph
  public var irVersion: Int
  /// Opset version per domain (`""` for ai.onnx), as the model declared them.
  public var opsetImports: [String: Int]
  public var producerName: String
  public var producerVersion: String
  public var domain: String
  public var modelVersion: Int
  public var docString: String
  public var metadata: [String: String]

  public init(
    graph: Graph, irVersion: Int = 8, opsetImports: [String: Int] = ["": 17], producerName: String = "",
    producerVersion: String = "", domain: String = "", modelVersion: Int = 0, docString: String = "",
    metadata: [String: String] = [:]
  ) {
    self.graph = graph
    self.irVersion = irVersion
    self.opsetImports = opsetImports
    self.producerName = producerName
    self.producerVersion = producerVersion
    self.domain = domain
    self.modelVersion = modelVersion
    self.docString = docString
    self.metadata = metadata
  }

  /// The ai.onnx opset the model imports.
  public var opset: Int { opsetImports[""] ?? opsetImports["ai.onnx"] ?? 0 }
}
