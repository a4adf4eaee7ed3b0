/// Where a problem is: the file, and within it the node, tensor or field at fault.
public struct Location: Sendable, Hashable, Codable, CustomStringConvertible {
  public var file: String?
  public var node: String?
  public var field: String?

  public init(file: String? = nil, node: String? = nil, field: String? = nil) {
    self.file = file
    self.node = node
    self.field = field
  }

  public var description: String {
    var parts: [String] = []
    if let file { parts.append(file) }
    if let node { parts.append("node '\(node)'") }
    if let field { parts.append(field) }
    return parts.joined(separator: ": ")
  }

  /// This location with the file filled in where it was missing.
  public func inFile(_ path: String) -> Location {
    var copy = self
    if copy.file == nil { copy.file = path }
    return copy
  }
}

/// The one error type ModelPort throws for anything a user fed in: a stable code, a message that
/// says what is wrong and how to fix it, and the location.
public struct PortError: Error, Sendable, Hashable, CustomStringConvertible {
  public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let fileUnreadable = Code(rawValue: "file-unreadable")
    public static let notProtobuf = Code(rawValue: "not-protobuf")
    public static let emptyModel = Code(rawValue: "empty-model")
    public static let missingGraph = Code(rawValue: "missing-graph")
    public static let unsupportedIRVersion = Code(rawValue: "unsupported-ir-version")
    public static let unsupportedOpset = Code(rawValue: "unsupported-opset")
    public static let unknownOperator = Code(rawValue: "unknown-operator")
    public static let unknownDomain = Code(rawValue: "unknown-domain")
    public static let unknownElementType = Code(rawValue: "unknown-element-type")
    public static let badTensorData = Code(rawValue: "bad-tensor-data")
    public static let tensorTooLarge = Code(rawValue: "tensor-too-large")
    public static let negativeDimension = Code(rawValue: "negative-dimension")
    public static let externalData = Code(rawValue: "external-data")
    public static let graphCycle = Code(rawValue: "graph-cycle")
    public static let danglingInput = Code(rawValue: "dangling-input")
    public static let duplicateName = Code(rawValue: "duplicate-name")
    public static let nestingTooDeep = Code(rawValue: "nesting-too-deep")
    public static let badAttribute = Code(rawValue: "bad-attribute")
    public static let badArity = Code(rawValue: "bad-arity")
    public static let typeMismatch = Code(rawValue: "type-mismatch")
    public static let shapeMismatch = Code(rawValue: "shape-mismatch")
    public static let checkerFailed = Code(rawValue: "onnx-checker")
    public static let badFunction = Code(rawValue: "bad-function")
    public static let badArgument = Code(rawValue: "bad-argument")
    public static let unsupported = Code(rawValue: "unsupported")
    public static let executionFailed = Code(rawValue: "execution-failed")
  }

  public var code: Code
  public var message: String
  public var location: Location
  /// How to fix it, when there is something to say.
  public var hint: String?

  public init(_ code: Code, _ message: String, at location: Location = Location(), hint: String? = nil) {
    self.code = code
    self.message = message
    self.location = location
    self.hint = hint
  }

  /// One line: `file: node 'x': field: message [code] (hint)`.
  public var description: String {
    let place = location.description
    var text = place.isEmpty ? message : "\(place): \(message)"
    text += " [\(code)]"
    if let hint { text += "; \(hint)" }
    return text
  }

  public func inFile(_ path: String) -> PortError {
    var copy = self
    copy.location = location.inFile(path)
    return copy
  }
}

/// Several problems found at once (verification, `port check`).
public struct PortErrors: Error, Sendable, CustomStringConvertible {
  public var errors: [PortError]
  public init(_ errors: [PortError]) { self.errors = errors }
  public var description: String { errors.map(\.description).joined(separator: "\n") }
}
