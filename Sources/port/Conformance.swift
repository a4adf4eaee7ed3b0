import ArgumentParser
import Foundation
import PortHarness
import PortIR
import PortTarget

struct Conformance: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the ONNX backend test data on a target.",
    discussion: """
      Prints one line per test, a per-op table, and last `N passed, M failed, K skipped`.
      A test that fails without being in the target's expected-failures list fails the run (exit 1),
      and so does a listed test that passes.
      """)

  @Option(name: .long, help: "Target to test (\(TargetCatalog.names)).")
  var target: String

  @Option(name: .long, help: "node, light, pytorch-converted, pytorch-operator, simple, or all (comma-separated).")
  var suite: String = "node"

  @Option(name: .long, help: "The backend test data folder (holding node/, light/, real/, …).")
  var data: String = ConformanceSuite.defaultDataDirectory

  @Option(name: .long, help: "Only tests whose name contains one of these comma-separated texts.")
  var filter: String?

  @Option(name: .long, help: "Write every result as JSON to this file.")
  var json: String?

  @Option(name: .long, help: "Write the Markdown coverage page to this file (default docs/coverage/<target>.md when a full run).")
  var coverage: String?

  @Flag(name: .long, help: "Print only failing tests and the summary.")
  var quiet = false

  func run() throws {
    guard let chosen = (try? TargetCatalog.named(target)) ?? nil else {
      printError(TargetCatalog.unknownTarget(target, known: TargetCatalog.all.map(\.name)))
      throw Exit.badInput
    }
    var suites: [ConformanceSuite] = []
    for name in suite.split(separator: ",").map(String.init) {
      if name == "all" {
        suites = ConformanceSuite.allCases
        break
      }
      guard let found = ConformanceSuite(rawValue: name) else {
        printError("unknown suite '\(name)'; suites: \(ConformanceSuite.allCases.map(\.rawValue).joined(separator: ", ")), all")
        throw Exit.badInput
      }
      suites.append(found)
    }
    var cases: [ConformanceCase] = []
    do {
      for suite in suites { cases += try ConformanceCase.list(suite, root: data) }
    } catch let error as PortError {
      printError(error.description)
      throw Exit.badInput
    }
    if let filter {
      let parts = filter.split(separator: ",").map(String.init)
      cases = cases.filter { test in parts.contains { test.name.contains($0) } }
    }
    let runner = ConformanceRunner(target: chosen)
    var results: [ConformanceResult] = []
    for test in cases {
      let result = runner.run(test)
      results.append(result)
      if !quiet || result.failsRun {
        let label = result.status.rawValue.uppercased()
        print("\(label) \(test.suite.rawValue)/\(test.name)\(result.detail.map { ": " + $0 } ?? "")")
      }
    }
    let report = ConformanceReport(target: chosen.name, results: results)
    print("")
    print(report.opTable)
    print("")
    if let json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(results).write(to: URL(fileURLWithPath: json))
    }
    let coveragePath = coverage ?? (filter == nil ? "docs/coverage/\(chosen.name).md" : nil)
    if let coveragePath {
      let directory = URL(fileURLWithPath: coveragePath).deletingLastPathComponent()
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try report.coverageMarkdown(suites: suites.map(\.rawValue)).write(
        toFile: coveragePath, atomically: true, encoding: .utf8)
    }
    print("(\(report.expectedFailures) expected failures)")
    print(report.tally)
    if report.failed > 0 { throw Exit.accuracy }
  }
}
