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

  @Option(name: .long, help: "Split the measuring into this many rounds, each with its warm-up and a share of the minimums; throughput is the median of the rounds' (default: 1 for a run, 10 for compare, which measures the targets in turn).")
  var rounds: Int?

  @Option(name: .long, help: "Threads the target may use (passed to external runtimes too).")
  var threads: Int?

  @Option(name: .long, help: "Also run the offline scenario with this batch size.")
  var batch: Int?

  @Option(name: .long, help: "Seconds an external target may take to answer one call before it counts as hung (exit 4).")
  var timeout: Double = 60

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

  /// The options these flags set (cost is per command: `run` takes one price, `compare` one per target).
  func options(defaultRounds: Int = 1) throws -> PortOptions {
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
    options.benchmark = BenchmarkSettings(warmup: warmup, minQueries: minQueries, minSeconds: minTime, rounds: rounds ?? defaultRounds)
    options.threads = threads
    options.batch = batch
    options.fallback = TargetCatalog.hostFallback
    options.allowFallback = !noFallback
    options.cacheDirectory = cacheDir
    options.calibrationDirectory = calibration
    if let calibrationMethod { options.targetSettings["calibration-method"] = calibrationMethod }
    return options
  }

  /// A target by name, or exit 2 naming the flag (or the manifest at fault).
  func target(_ name: String, flag: String) throws -> any Target {
    let found: (any Target)?
    do {
      found = try TargetCatalog.named(name, manifests: targetManifest, timeout: timeout)
    } catch let error as PortError {
      printError(error.description)
      throw Exit.badInput
    }
    guard let target = found else {
      let names = ((try? TargetCatalog.all(manifests: targetManifest)) ?? TargetCatalog.all).map(\.name)
      printError("\(flag): " + TargetCatalog.unknownTarget(name, known: names))
      throw Exit.badInput
    }
    return target
  }
}
