import Foundation
import PortIR
import PortTarget
import ReferenceTarget
import XCTest

@testable import PortHarness

/// `port compare`'s job and reports: one row per target, failures kept as rows, the fastest within
/// tolerance marked, the worst status wins, the JSON validates against its schema.
final class CompareReportTests: XCTestCase {
  func testRowsStatusesAndSchema() throws {
    var options = PortOptions()
    options.benchmark = BenchmarkSettings(warmup: 1, minQueries: 8, minSeconds: 0)
    let path = try TestModels.addRelu()
    var job = CompareJob(
      modelPath: path,
      targets: [
        ReferenceTarget(), PricedReference(), PerturbingTarget(node: "relu", amount: 1), RefusingTarget(), BrokenTarget(),
      ], reference: ReferenceTarget(), options: options)
    job.pricePerHour = ["reference": 1.0]
    let report = job.run()
    XCTAssertEqual(report.rows.map(\.target), ["reference", "priced", "perturbing", "refusing", "broken"])
    XCTAssertEqual(report.rows.map(\.exitStatus), [0, 0, 1, 3, 4])
    XCTAssertEqual(report.exitStatus, 4, "the worst status")
    XCTAssertTrue(report.status.message?.hasPrefix("broken: ") ?? false, report.status.message ?? "")
    XCTAssertEqual(report.rows.filter(\.fastest).count, 1)
    XCTAssertTrue(report.rows.filter(\.fastest).allSatisfy { $0.accuracyPass == true && $0.outcome == .ok })
    XCTAssertEqual(report.rows[2].accuracyPass, false)
    XCTAssertNotNil(report.rows[0].costPerMillion, "per-target price flag")
    XCTAssertNotNil(report.rows[1].costPerMillion, "declared price")
    XCTAssertEqual(report.rows[3].refused, 3)
    XCTAssertNil(report.rows[4].latencyP50Ms)
    XCTAssertEqual(report.rows[0].timedBy, "harness")

    let text = ComparisonReports.terminal(report)
    XCTAssertTrue(text.contains("★"))
    XCTAssertTrue(text.contains("broken: "), text)
    XCTAssertTrue(text.contains("result: target-failed (exit 4)"), text)

    let object = try JSONSerialization.jsonObject(with: Data(try ComparisonReports.json(report).utf8))
    let validator = try SchemaValidator(schemaAt: ReportTests.repository + "/docs/compare-report.schema.json")
    XCTAssertEqual(validator.validate(object), [])
    let runs = (object as? [String: Any])?["runs"] as? [Any] ?? []
    XCTAssertEqual(runs.count, 5)
    let runValidator = try SchemaValidator(schemaAt: ReportTests.repository + "/docs/report.schema.json")
    for run in runs { XCTAssertEqual(runValidator.validate(run), []) }

    // Written atomically, every format.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try ComparisonReports.write(
      report,
      to: ComparisonReports.Destinations(json: directory + "/c.json", markdown: directory + "/c.md", html: directory + "/c.html"))
    let written = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    XCTAssertEqual(written, ["c.html", "c.json", "c.md"])
  }

  func testUnreadableModelIsBadInputWithNoRows() {
    let report = CompareJob(
      modelPath: "/no/such/model.onnx", targets: [ReferenceTarget()], reference: ReferenceTarget(), options: PortOptions()
    ).run()
    XCTAssertEqual(report.exitStatus, 2)
    XCTAssertTrue(report.rows.isEmpty)
  }
}
