import PortIR

/// One check run (or skipped) during import, as `port inspect` and `port check` report it.
public struct CheckResult: Sendable, Hashable, Codable {
  public enum Status: String, Sendable, Codable { case passed, failed, skipped }
  public var name: String
  public var status: Status
  /// Why it failed or was skipped.
  public var detail: String?

  public init(_ name: String, _ status: Status, _ detail: String? = nil) {
    self.name = name
    self.status = status
    self.detail = detail
  }
}

/// What import found out about a model besides the IR itself.
public struct ImportReport: Sendable {
  public var checks: [CheckResult] = []
  /// Domains outside ai.onnx that nodes use, with their node counts (kept, not dropped).
  public var nonStandardDomains: [String: Int] = [:]
  /// Model-local functions that were inlined, with call counts.
  public var inlinedFunctions: [String: Int] = [:]
  /// Nodes rewritten from an older opset form into the canonical one.
  public var canonicalizedNodes = 0
  /// Values whose shapes ModelPort's inference and libonnx's disagree on (empty when they agree).
  public var inferenceDisagreements: [String] = []

  public init() {}

  public var problems: [CheckResult] { checks.filter { $0.status == .failed } }
}

/// A model read from a file, with the report of how it was read.
public struct ImportedModel: Sendable {
  public var model: Model
  public var report: ImportReport
  public var path: String
  public var fileSize: Int
}
