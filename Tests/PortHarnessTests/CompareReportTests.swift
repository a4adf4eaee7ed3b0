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

/// `--rounds`: the benchmark is split into rounds, every target measured in turn in each, and the
/// throughput is the median of the rounds'.
final class CompareRoundsTests: XCTestCase {
  func options(rounds: Int) -> PortOptions {
    var options = PortOptions()
    options.benchmark = BenchmarkSettings(warmup: 1, minQueries: 6, minSeconds: 0, rounds: rounds)
    return options
  }

  func testTargetsTakeTurnsRoundByRound() throws {
    let log = CallLog()
    let report = CompareJob(
      modelPath: try TestModels.addRelu(), targets: [LoggingTarget("a", log: log), LoggingTarget("b", log: log)],
      reference: ReferenceTarget(), options: options(rounds: 3)
    ).run()
    XCTAssertEqual(report.exitStatus, 0, report.status.message ?? "")
    // Validation (one run each), then per round each target's warm-up (1 query) and its 2 queries (6 / 3).
    let round = Array(repeating: "a", count: 3) + Array(repeating: "b", count: 3)
    XCTAssertEqual(log.calls, ["a", "b"] + round + round + round)
    for run in report.runs {
      let performance = try XCTUnwrap(run.performance)
      XCTAssertEqual(performance.rounds, 3)
      XCTAssertEqual(performance.roundThroughputsPerS.count, 3)
      XCTAssertEqual(performance.iterations, 6)
      XCTAssertEqual(
        performance.throughputPerS, LatencyStatistics.percentile(performance.roundThroughputsPerS.sorted(), 50))
      XCTAssertEqual(run.stages.filter { $0.name == "benchmark" }.count, 1, "the rounds' timings are one stage")
    }
    // speed is throughput against the baseline (the fastest: speed 1).
    let base = try XCTUnwrap(report.rows.first { $0.fastest })
    XCTAssertEqual(report.baseline, base.target)
    for row in report.rows {
      XCTAssertEqual(try XCTUnwrap(row.speedup), try XCTUnwrap(row.throughputPerS) / (base.throughputPerS ?? 0), accuracy: 1e-12)
      XCTAssertLessThanOrEqual(row.throughputPerS ?? 0, base.throughputPerS ?? 0)
    }
    XCTAssertTrue(ComparisonReports.terminal(report).contains("median of 3 rounds"))
  }

  func testATargetFailingInALaterRoundKeepsTheOthersMeasured() throws {
    let log = CallLog()
    // Validation, then round 1's warm-up and 2 queries: the 5th run (round 2's warm-up) fails.
    let report = CompareJob(
      modelPath: try TestModels.addRelu(),
      targets: [LoggingTarget("flaky", log: log, failAfter: 4), LoggingTarget("steady", log: log)],
      reference: ReferenceTarget(), options: options(rounds: 3)
    ).run()
    XCTAssertEqual(report.rows.map(\.exitStatus), [4, 0])
    XCTAssertEqual(report.rows[0].stage, "benchmark")
    XCTAssertTrue(report.rows[0].message?.contains("the device stopped answering") ?? false, report.rows[0].message ?? "")
    XCTAssertNil(report.runs[0].performance)
    XCTAssertEqual(report.runs[1].performance?.rounds, 3)
    XCTAssertEqual(log.calls.filter { $0 == "steady" }.count, 1 + 3 * 3)
    XCTAssertTrue(report.rows[1].fastest)
  }

  func testRoundsShareTheMinimums() {
    let settings = BenchmarkSettings(warmup: 4, minQueries: 64, minSeconds: 10, rounds: 3)
    XCTAssertEqual(settings.round(0).minQueries, 22, "rounded up, so the rounds together reach the minimum")
    XCTAssertEqual(settings.round(2).minSeconds, 10.0 / 3, accuracy: 1e-12)
    XCTAssertEqual(settings.round(0).warmup, 4, "the first round warms up fully")
    XCTAssertEqual(settings.round(1).warmup, 1, "the later ones with one query")
    XCTAssertEqual(BenchmarkSettings(warmup: 0, rounds: 2).round(1).warmup, 0)
    XCTAssertEqual(BenchmarkSettings(minQueries: 5, minSeconds: 1).round(0), BenchmarkSettings(minQueries: 5, minSeconds: 1))
  }

  func testZeroRoundsIsBadInput() throws {
    let report = PortJob(
      modelPath: try TestModels.addRelu(), target: ReferenceTarget(), reference: ReferenceTarget(), options: options(rounds: 0)
    ).run()
    XCTAssertEqual(report.status.exitStatus, 2)
    XCTAssertEqual(report.status.message, "--rounds must be at least 1")
  }
}
