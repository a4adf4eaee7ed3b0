import Foundation

/// A test of the ONNX backend suite that a target is allowed to fail, with why.
public struct ExpectedFailure: Sendable, Hashable, Codable {
  public var test: String
  /// A short class of reason: `precision`, `unsupported-type`, `libonnx`, `spec`, …
  public var category: String
  public var reason: String

  public init(test: String, category: String, reason: String) {
    self.test = test
    self.category = category
    self.reason = reason
  }
}

/// A target that ships a list of conformance tests it is allowed to fail.
public protocol HasExpectedFailures: Target {
  var expectedFailures: [ExpectedFailure] { get }
}

/// A target that claims only part of the operator set (an accelerator): conformance tests it
/// refuses are skipped, not failed. Targets that do not conform must claim every test.
public protocol PartialTarget: Target {}

extension ExpectedFailure {
  /// Reads a JSON list of expected failures.
  public static func load(_ data: Data) throws -> [ExpectedFailure] {
    try JSONDecoder().decode([ExpectedFailure].self, from: data)
  }

  /// Every list in a folder of `*.json` files, in file-name order (a target's `ExpectedFailures/`
  /// resource); an unreadable file contributes nothing.
  public static func load(folder: URL?) -> [ExpectedFailure] {
    guard let folder,
      let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
    else { return [] }
    return files.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }.flatMap { file in
      (try? Data(contentsOf: file)).flatMap { try? load($0) } ?? []
    }
  }
}
