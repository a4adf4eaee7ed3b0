import ArgumentParser
import Foundation
import PortHarness
import PortIR
import PortTarget

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `port MODEL --target T`: flags in, a `PortJob` run, reports out. All the logic is in PortHarness.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Port a model to a target: import, capability, compile, validate against the reference, benchmark, report.",
    discussion: """
      `port MODEL --target T` is short for `port run MODEL --target T`.

      Inputs are seeded random data (floats uniform in [-1, 1], integers in [0, 9] or the valid index range of what they index, integer masks (names containing "mask") all ones, bools 0/1) unless --inputs gives real data: a folder in the ONNX test layout (input_0.pb, …), .npy files, or an .npz archive; NAME=PATH binds one input.

      Exit status:
      \(RunReport.Outcome.documentation)
      """)

  @Argument(help: "The ONNX model file.")
  var model: String

  @Option(name: .long, help: "Target to port to (\(TargetCatalog.names)).")
  var target: String = "reference"

  @OptionGroup var flags: JobFlags

  @Flag(name: .long, help: "Compare every intermediate value the target exposes and name the first divergent node.")
  var layers = false

  // Cost.
  @Option(name: .customLong("price-per-hour"), help: "Price of the hardware per hour (overrides the target's).")
  var pricePerHour: Double?

  @Option(name: .long, help: "Power draw in watts (overrides the target's).")
  var watts: Double?

  // Reports.
  @Option(name: .long, help: "Write the JSON report (docs/report.schema.json) to this file.")
  var json: String?

  @Option(name: .long, help: "Write a Markdown report (a pull-request comment) to this file.")
  var markdown: String?

  @Option(name: .long, help: "Write a JUnit XML report to this file.")
  var junit: String?

  @Option(name: .long, help: "Write a self-contained HTML report with charts to this file.")
  var html: String?

  @Option(name: .customLong("emit-onnx"), help: ArgumentHelp("Save the model the target received (after its rewrites) as ONNX.", valueName: "file"))
  var emitONNX: String?

  @Flag(name: .long, help: "No progress and no summary table; only errors.")
  var quiet = false

  func run() throws {
    let candidate = try flags.target(target, flag: "--target")
    let golden = try flags.target(flags.reference, flag: "--reference")
    var options = try flags.options()
    options.layers = layers
    options.pricePerHour = pricePerHour
    options.watts = watts
    options.emitONNX = emitONNX

    let job = PortJob(modelPath: model, target: candidate, reference: golden, options: options)
    let progress: any ProgressReporter = quiet ? SilentProgress() : StreamProgress()
    let report = job.run(progress: progress)
    // Bad input (the model or a data file) leaves nothing behind: no table, no report files.
    let badInput = report.exitStatus == 2
    if !quiet && !badInput { print(TerminalReport.render(report), terminator: "") }
    if let message = report.status.message, report.status.outcome != .ok { printError(message) }
    if !badInput {
      do {
        try ReportFiles.write(
          report, to: ReportFiles.Destinations(json: json, markdown: markdown, junit: junit, html: html))
      } catch {
        printError("\(error)")
        throw Exit.badInput
      }
    }
    if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
  }
}
