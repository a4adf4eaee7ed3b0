import ArgumentParser
import Foundation
import PortHarness
import PortIR
import PortTarget

/// `port compare MODEL --targets a,b,c`: the main job on each target, on the same inputs; one
/// table and one report. All the logic is in PortHarness (`CompareJob`, `ComparisonReports`).
struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a model on several targets on the same inputs and compare placement, drift, latency and cost.",
    discussion: """
      Every target runs the main job (capability, compile, validate against the reference, benchmark) on the same inputs; the reference runs once. A target that refuses the model, crashes or hangs gets its row with the reason, and the others go on. Targets are measured in turn, a round at a time (--rounds, default 10), so that a noisy spell on the machine falls on all of them alike; inf/s is the median of the rounds'. ★ marks the fastest target (inf/s) whose run is ok with every output within tolerance; speed is inf/s against the baseline's.

      Exit status: the worst (largest) of the targets' statuses:
      \(RunReport.Outcome.documentation)
      """)

  @Argument(help: "The ONNX model file.")
  var model: String

  @Option(name: .long, help: ArgumentHelp("Targets to compare, comma-separated (\(TargetCatalog.names)).", valueName: "a,b,c"))
  var targets: String

  @OptionGroup var flags: JobFlags

  @Option(name: .long, help: "Express every target's speed against this one (default: the fastest within tolerance).")
  var baseline: String?

  @Option(name: .customLong("price-per-hour"), help: ArgumentHelp("Price per hour: a number for every target, or TARGET=PRICE (repeatable); overrides the targets' own.", valueName: "[target=]price"))
  var pricePerHour: [String] = []

  @Option(name: .long, help: ArgumentHelp("Power in watts: a number for every target, or TARGET=WATTS (repeatable).", valueName: "[target=]watts"))
  var watts: [String] = []

  @Option(name: .long, help: "Write the JSON report (docs/compare-report.schema.json) to this file.")
  var json: String?

  @Option(name: .long, help: "Write a Markdown report to this file.")
  var markdown: String?

  @Option(name: .long, help: "Write a self-contained HTML report with a latency bar chart to this file.")
  var html: String?

  @Flag(name: .long, help: "No progress and no table; only errors.")
  var quiet = false

  func run() throws {
    let names = targets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !names.isEmpty else {
      printError("--targets: name at least one target (\(TargetCatalog.names))")
      throw Exit.badInput
    }
    guard Set(names).count == names.count else {
      printError("--targets: a target is listed twice")
      throw Exit.badInput
    }
    let candidates = try names.map { try flags.target($0, flag: "--targets") }
    let golden = try flags.target(flags.reference, flag: "--reference")
    if let baseline, !names.contains(baseline) {
      printError("--baseline \(baseline) is not one of --targets")
      throw Exit.badInput
    }
    var options = try flags.options(defaultRounds: 10)
    let (prices, pricesForAll) = try perTarget(pricePerHour, flag: "--price-per-hour", names: names)
    let (power, powerForAll) = try perTarget(watts, flag: "--watts", names: names)
    options.pricePerHour = pricesForAll
    options.watts = powerForAll

    var job = CompareJob(modelPath: model, targets: candidates, reference: golden, options: options)
    job.pricePerHour = prices
    job.watts = power
    job.baseline = baseline
    let progress: any ProgressReporter = quiet ? SilentProgress() : StreamProgress()
    let report = job.run(progress: progress)
    // Bad input (the model or a data file) leaves nothing behind: no table, no report files.
    let badInput = report.rows.isEmpty && report.exitStatus == 2
    if !quiet && !badInput { print(ComparisonReports.terminal(report), terminator: "") }
    if let message = report.status.message, report.status.outcome != .ok { printError(message) }
    if !badInput {
      do {
        try ComparisonReports.write(report, to: ComparisonReports.Destinations(json: json, markdown: markdown, html: html))
      } catch {
        printError("\(error)")
        throw Exit.badInput
      }
    }
    if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
  }

  /// `[target=]value` flags: per target, and the one for all.
  func perTarget(_ values: [String], flag: String, names: [String]) throws -> ([String: Double], Double?) {
    var byTarget: [String: Double] = [:]
    var forAll: Double?
    for text in values {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      let number = Double(parts.last ?? "")
      guard let number, number >= 0, number.isFinite else {
        printError("\(flag) \(text): expected a number ≥ 0, or TARGET=NUMBER")
        throw Exit.badInput
      }
      if parts.count == 2 {
        guard names.contains(parts[0]) else {
          printError("\(flag) \(text): '\(parts[0])' is not one of --targets")
          throw Exit.badInput
        }
        byTarget[parts[0]] = number
      } else {
        forAll = number
      }
    }
    return (byTarget, forAll)
  }
}
