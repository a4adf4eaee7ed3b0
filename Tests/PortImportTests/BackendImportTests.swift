import Foundation
import PortIR
import XCTest

@testable import PortImport

/// Imports and verifies every model of the ONNX backend test data. Each model imports, or is refused
/// for a reason listed in `import-expectations.json` (test name → error code and reason); an
/// unlisted refusal, a refusal with another code, or a listed model that now imports fails.
final class BackendImportTests: XCTestCase {
  struct Expectation: Codable {
    var code: String
    var reason: String
  }

  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let dataRoot = packageRoot.appendingPathComponent(".cache/onnx-1.22.0/backend-test-data")
  static let expectationsFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("import-expectations.json")
  static let suites = ["node", "light", "pytorch-converted", "pytorch-operator", "simple"]

  /// (test name, model path) of every model in the suites.
  static func models() throws -> [(name: String, path: String)] {
    let fileManager = FileManager.default
    var result: [(String, String)] = []
    for suite in suites {
      let folder = dataRoot.appendingPathComponent(suite).path
      let entries = try fileManager.contentsOfDirectory(atPath: folder).sorted()
      if suite == "light" {
        for entry in entries where entry.hasSuffix(".onnx") {
          result.append((String(entry.dropLast(5)), folder + "/" + entry))
        }
      } else {
        for entry in entries where fileManager.fileExists(atPath: folder + "/" + entry + "/model.onnx") {
          result.append((entry, folder + "/" + entry + "/model.onnx"))
        }
      }
    }
    return result
  }

  func testEveryBackendModelImportsOrIsRefusedAsListed() throws {
    guard FileManager.default.fileExists(atPath: Self.dataRoot.appendingPathComponent("node").path) else {
      throw XCTSkip("no ONNX backend test data at \(Self.dataRoot.path) (Scripts/fetch-conformance-data fetches it)")
    }
    let expectations = try JSONDecoder().decode(
      [String: Expectation].self, from: Data(contentsOf: Self.expectationsFile))
    let models = try Self.models()
    XCTAssertEqual(Set(models.map(\.name)).count, models.count, "test names must be unique across suites")

    var imported = 0
    var refused = 0
    var checkerRan = 0
    var checkerTooNew = 0
    var modelsWithDisagreements: [String] = []
    var disagreements = 0
    var unexpected: [String: Expectation] = [:]
    var problems: [String] = []
    for (name, path) in models {
      do {
        let result = try ONNXImporter().load(path)
        imported += 1
        let checker = result.report.checks.first { $0.name.hasPrefix("libonnx checker") }
        if checker?.status == .passed { checkerRan += 1 }
        if checker?.status == .skipped { checkerTooNew += 1 }
        if !result.report.inferenceDisagreements.isEmpty {
          modelsWithDisagreements.append("\(name): \(result.report.inferenceDisagreements.prefix(2).joined(separator: "; "))")
          disagreements += result.report.inferenceDisagreements.count
        }
        if expectations[name] != nil {
          problems.append("\(name) is listed as refused but now imports; remove it from import-expectations.json")
        }
      } catch {
        refused += 1
        let errors: [PortError]
        switch error {
        case let error as PortError: errors = [error]
        case let many as PortErrors: errors = many.errors
        default:
          problems.append("\(name): not a PortError: \(error)")
          continue
        }
        let first = errors[0]
        if first.code == .checkerFailed { checkerRan += 1 }
        guard let expected = expectations[name] else {
          unexpected[name] = Expectation(code: first.code.rawValue, reason: first.description)
          continue
        }
        if expected.code != first.code.rawValue {
          problems.append("\(name): refused with [\(first.code)] but listed as [\(expected.code)]: \(first)")
        }
      }
    }
    for name in expectations.keys where !models.contains(where: { $0.name == name }) {
      problems.append("\(name) is listed in import-expectations.json but is not a backend test")
    }
    print(
      """
      backend import: \(models.count) models: \(imported) imported, \(refused) refused \
      (\(expectations.count) listed); libonnx's checker ran on \(checkerRan), skipped \(checkerTooNew) as too new; \
      \(disagreements) inference disagreements with libonnx in \(modelsWithDisagreements.count) models
      """)
    for line in modelsWithDisagreements.prefix(30) { print("  disagreement: \(line)") }
    if !unexpected.isEmpty {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      let listing = String(decoding: try encoder.encode(unexpected), as: UTF8.self)
      XCTFail("\(unexpected.count) refusals not listed in import-expectations.json:\n\(listing)")
    }
    for problem in problems { XCTFail(problem) }
  }
}
