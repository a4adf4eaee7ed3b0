import ArgumentParser
import PortHarness
import PortIR
import PortTarget

/// The flags `port run` and `port compare` share: inputs, accuracy, performance, cost.
struct JobFlags: ParsableArguments {
  @Option(name: .long, help: "Target to validate against.")
  var reference: String = "reference"

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

  @Option(name: .long, help: "Threads the target may use (passed to external runtimes too).")
  var threads: Int?

  @Option(name: .long, help: "Also run the offline scenario with this batch size.")
  var batch: Int?

  @Option(name: .long, help: "Seconds an external target may take to answer one call before it counts as hung (exit 4).")
  var timeout: Double = 60

  /// The options these flags set (cost is per command: `run` takes one price, `compare` one per target).
  func options() throws -> PortOptions {
    var options = PortOptions()
    do {
      options.inputSpec = InputSpec(
        seed: seed, dims: try PortOptions.parseDims(dim), shapes: try PortOptions.parseShapes(shape),
        ranges: try PortOptions.parseRanges(inputRange))
    } catch let error as PortError {
      printError(error.description)
      throw Exit.badInput
    }
    guard timeout > 0, timeout.isFinite else {
      printError("--timeout must be a positive number of seconds")
      throw Exit.badInput
    }
    options.inputSources = inputs
    options.rtol = rtol
    options.atol = atol
    options.checkAccuracy = !noAccuracy
    options.measurePerformance = !noPerf
    options.benchmark = BenchmarkSettings(warmup: warmup, minQueries: minQueries, minSeconds: minTime)
    options.threads = threads
    options.batch = batch
    return options
  }

  /// A target by name, or exit 2 naming the flag.
  func target(_ name: String, flag: String) throws -> any Target {
    guard let target = TargetCatalog.named(name, timeout: timeout) else {
      printError("\(flag): unknown target '\(name)'; targets: \(TargetCatalog.names)")
      throw Exit.badInput
    }
    return target
  }
}
