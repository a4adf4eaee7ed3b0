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

      Inputs are seeded random data (floats uniform in [-1, 1], integers in [0, 9] or the valid index range of what they index, bools 0/1) unless --inputs gives real data: a folder in the ONNX test layout (input_0.pb, …), .npy files, or an .npz archive; NAME=PATH binds one input.

      Exit status:
      \(RunReport.Outcome.documentation)
      """)

  @Argument(help: "The ONNX model file.")
  var model: String

  @Option(name: .long, help: "Target to port to (\(TargetCatalog.names)).")
  var target: String = "reference"

  @Option(name: .long, help: "Target to validate against.")
  var reference: String = "reference"

  // Accelerators.
  @Option(
    name: .customLong("target-manifest"),
    help: ArgumentHelp(
      "An accelerator manifest (a JSON file, or a folder of them) adding targets of the manifest-driven family (repeatable; also $MODELPORT_TARGET_MANIFESTS, colon-separated).",
      valueName: "path"))
  var targetManifest: [String] = []

  @Flag(name: .customLong("no-fallback"), help: "Fail (exit 3, listing the nodes) when any node would fall back from the accelerator to the host.")
  var noFallback = false

  @Option(name: .customLong("cache-dir"), help: "Where compiled accelerator artifacts are cached (default .cache/modelport; \"\" disables).")
  var cacheDir: String?

  @Option(name: .long, help: ArgumentHelp("Calibration data for int8 quantization: a folder of input sets (ONNX test layout, .npy or .npz).", valueName: "dir"))
  var calibration: String?

  @Option(name: .customLong("calibration-method"), help: "int8 calibration: minmax, percentile or kl (default: the manifest's).")
  var calibrationMethod: String?

  // Inputs.
  @Option(name: .long, help: "Seed of the random inputs.")
  var seed: UInt64 = 0

  @Option(name: .long, help: ArgumentHelp("Size of a symbolic dimension, NAME=SIZE (repeatable).", valueName: "name=size"))
  var dim: [String] = []

  @Option(name: .long, help: ArgumentHelp("Whole shape of an input, NAME:D1xD2x… (repeatable).", valueName: "name:shape"))
  var shape: [String] = []

  @Option(name: .customLong("input-range"), help: ArgumentHelp("Range of an input's random values, NAME:LOW,HIGH (repeatable).", valueName: "name:lo,hi"))
  var inputRange: [String] = []

  @Option(name: .long, help: ArgumentHelp("Real input data: a folder, .pb, .npy or .npz file, or NAME=PATH (repeatable).", valueName: "path"))
  var inputs: [String] = []

  // Accuracy.
  @Option(name: .long, help: "Relative tolerance (default: the target's, else 1e-3).")
  var rtol: Double?

  @Option(name: .long, help: "Absolute tolerance (default: the target's, else 1e-4).")
  var atol: Double?

  @Flag(name: .long, help: "Compare every intermediate value the target exposes and name the first divergent node.")
  var layers = false

  @Flag(name: .customLong("no-accuracy"), help: "Skip validation (performance only).")
  var noAccuracy = false

  // Performance.
  @Flag(name: .customLong("no-perf"), help: "Skip the benchmark (accuracy only).")
  var noPerf = false

  @Option(name: .long, help: "Warm-up runs before measuring.")
  var warmup: Int = 5

  @Option(name: .customLong("min-queries"), help: "Measure at least this many queries…")
  var minQueries: Int = 64

  @Option(name: .customLong("min-time"), help: "…and for at least this many seconds.")
  var minTime: Double = 10

  @Option(name: .long, help: "Threads the target may use.")
  var threads: Int?

  @Option(name: .long, help: "Also run the offline scenario with this batch size.")
  var batch: Int?

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

  @Flag(name: .long, help: "No progress and no summary table; only errors.")
  var quiet = false

  func run() throws {
    let known: [any Target]
    do {
      known = try TargetCatalog.all(manifests: targetManifest)
    } catch let error as PortError {
      printError(error.description)
      throw Exit.badInput
    }
    let names = known.map(\.name).joined(separator: ", ")
    guard let candidate = known.first(where: { $0.name == target }) else {
      printError("unknown target '\(target)'; targets: \(names)")
      throw Exit.badInput
    }
    guard let golden = known.first(where: { $0.name == reference }) else {
      printError("unknown reference target '\(reference)'; targets: \(TargetCatalog.names)")
      throw Exit.badInput
    }
    var options = PortOptions()
    do {
      options.inputSpec = InputSpec(
        seed: seed, dims: try PortOptions.parseDims(dim), shapes: try PortOptions.parseShapes(shape),
        ranges: try PortOptions.parseRanges(inputRange))
    } catch let error as PortError {
      printError(error.description)
      throw Exit.badInput
    }
    options.inputSources = inputs
    options.rtol = rtol
    options.atol = atol
    options.layers = layers
    options.checkAccuracy = !noAccuracy
    options.measurePerformance = !noPerf
    options.benchmark = BenchmarkSettings(warmup: warmup, minQueries: minQueries, minSeconds: minTime)
    options.threads = threads
    options.batch = batch
    options.pricePerHour = pricePerHour
    options.watts = watts
    options.fallback = TargetCatalog.fallback(for: candidate)
    options.allowFallback = !noFallback
    options.cacheDirectory = cacheDir
    options.calibrationDirectory = calibration
    if let calibrationMethod { options.targetSettings["calibration-method"] = calibrationMethod }

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
