import Foundation
import PortIR
import PortTarget

/// A job compiled and validated, and the benchmark samples gathered so far, a round at a time.
/// `port compare` measures its targets in turn, round after round, so that a noisy spell on a
/// shared machine is spread over all of them instead of landing on one; `port run` measures its
/// rounds back to back.
struct PreparedRun {
  var model: Model
  var inputs: [String: HostValue]
  var executable: any Executable
  var accuracyFailed: Bool
  var deviceTime: (() -> Double?)?
  /// The offline scenario's query (`--batch`), made once while preparing.
  var offline: OfflineQuery?
  var singleStream: [BenchmarkSamples] = []
  var offlineRounds: [BenchmarkSamples] = []
  /// Who timed the latencies when the target timed them itself (`timed inside …`).
  var timingSource: String?

  init(
    model: Model, inputs: [String: HostValue], executable: any Executable, accuracyFailed: Bool,
    deviceTime: (() -> Double?)?
  ) {
    self.model = model
    self.inputs = inputs
    self.executable = executable
    self.accuracyFailed = accuracyFailed
    self.deviceTime = deviceTime
  }
}

/// One offline query: `batch` samples, as one batched tensor or as `batch` single inferences.
struct OfflineQuery {
  var batch: Int
  var batched: Bool
  var run: () throws -> Void
}

extension PortJob {
  /// One round of the benchmark: the single-stream loop, then the offline one, each for its
  /// share (`BenchmarkSettings.round`) of the minimums.
  func measureRound(
    _ round: Int, _ prepared: inout PreparedRun, _ report: inout RunReport, _ progress: any ProgressReporter
  ) throws {
    let settings = options.benchmark.round(round)
    let rounds = options.benchmark.rounds
    let label = rounds > 1 ? ", round \(round + 1)/\(rounds)" : ""
    let selfTimed = prepared.executable as? any TimesItself
    let inputs = prepared.inputs
    let executable = prepared.executable
    let deviceTime = prepared.deviceTime
    let samples = try stage(
      "benchmark", &report, progress, detail: "single-stream\(selfTimed == nil ? "" : ", timed by the target")\(label)",
      failing: .targetFailed, summary: { (s: BenchmarkSamples) in "\(s.latencies.count) iterations" }
    ) { () throws -> BenchmarkSamples in
      if let selfTimed {
        let measured = try selfTimed.benchmark(
          inputs, warmup: settings.warmup, minQueries: settings.minQueries, minSeconds: settings.minSeconds)
        prepared.timingSource = measured.source
        return BenchmarkSamples(
          latencies: measured.latencies, elapsed: measured.elapsed, cpuSeconds: measured.cpuSeconds ?? 0,
          deviceLatencies: measured.latencies)
      }
      return try Benchmark(settings: settings, clock: clock).measure(
        { _ = try executable.run(inputs) }, deviceTime: deviceTime,
        progress: { count, elapsed in progress.iterations(count, elapsed: elapsed) })
    }
    prepared.singleStream.append(samples)
    if let offline = prepared.offline {
      let samples = try stage(
        "benchmark", &report, progress, detail: "offline, batch \(offline.batch)\(label)", failing: .targetFailed,
        summary: { (s: BenchmarkSamples) in "\(s.latencies.count) batches" }
      ) {
        try Benchmark(settings: settings, clock: clock).measure(
          offline.run, progress: { count, elapsed in progress.iterations(count, elapsed: elapsed) })
      }
      prepared.offlineRounds.append(samples)
    }
  }

  /// The performance section from every round: latency statistics over all the samples, and the
  /// median of the rounds' throughputs.
  func performance(_ prepared: PreparedRun) throws -> RunReport.Performance {
    let rounds = prepared.singleStream
    let latencies = rounds.flatMap(\.latencies)
    guard let statistics = LatencyStatistics(latencies) else {
      throw Stop(outcome: .targetFailed, stage: "benchmark", message: "no measurements")
    }
    let elapsed = rounds.reduce(0) { $0 + $1.elapsed }
    let cpuSeconds = rounds.reduce(0) { $0 + $1.cpuSeconds }
    let throughputs = rounds.map { Self.throughput($0, samplesPerQuery: 1) }
    var performance = RunReport.Performance(
      scenario: "single-stream", latencyMs: RunReport.LatencyMilliseconds(statistics),
      medianCiMs: RunReport.Interval(
        lower: statistics.medianInterval.lower * 1000, upper: statistics.medianInterval.upper * 1000,
        confidence: statistics.medianInterval.confidence),
      throughputPerS: Self.median(throughputs), rounds: rounds.count, roundThroughputsPerS: throughputs,
      iterations: latencies.count, warmup: options.benchmark.warmup, elapsedS: elapsed,
      minQueries: options.benchmark.minQueries, minTimeS: options.benchmark.minSeconds, threads: options.threads,
      cpuTimeS: cpuSeconds, cpuUtilization: elapsed > 0 ? cpuSeconds / elapsed : 0,
      peakRssBytes: ProcessResources.peakResidentBytes(),
      deviceLatencyMs: LatencyStatistics(rounds.flatMap(\.deviceLatencies)).map(RunReport.LatencyMilliseconds.init),
      offline: nil, histogram: RunReport.Histogram(latencies.map { $0 * 1000 }))
    if let offline = prepared.offline {
      let batches = prepared.offlineRounds
      guard let statistics = LatencyStatistics(batches.flatMap(\.latencies)) else {
        throw Stop(outcome: .targetFailed, stage: "offline", message: "no measurements")
      }
      let throughputs = batches.map { Self.throughput($0, samplesPerQuery: offline.batch) }
      performance.offline = RunReport.Offline(
        batch: offline.batch, batched: offline.batched, iterations: batches.reduce(0) { $0 + $1.latencies.count },
        elapsedS: batches.reduce(0) { $0 + $1.elapsed }, throughputPerS: Self.median(throughputs),
        roundThroughputsPerS: throughputs, latencyMs: RunReport.LatencyMilliseconds(statistics))
    }
    return performance
  }

  static func throughput(_ samples: BenchmarkSamples, samplesPerQuery: Int) -> Double {
    samples.elapsed > 0 ? Double(samples.latencies.count * samplesPerQuery) / samples.elapsed : 0
  }

  static func median(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : LatencyStatistics.percentile(values.sorted(), 50)
  }

  /// The offline scenario: `batch` samples per query, as one batched tensor when the model's
  /// batch dim (the first dim of every input) is symbolic, as `batch` single queries when it is 1.
  func offlineQuery(
    _ batch: Int, _ model: Model, _ graph: Graph, _ inputs: [String: HostValue], _ executable: any Executable,
    _ bindings: [String: Int], _ report: inout RunReport, _ progress: any ProgressReporter
  ) throws -> OfflineQuery {
    var symbols = Set<String>()
    var fixedOne = false
    for name in graph.inputs {
      guard case .tensor(_, let shape?) = graph.type(of: name), let first = shape.dims.first else {
        throw Stop(outcome: .badInput, stage: "offline", message: "--batch: input '\(name)' has no batch dimension")
      }
      switch first {
      case .symbol(let symbol): symbols.insert(symbol)
      case .fixed(1): fixedOne = true
      default:
        throw Stop(
          outcome: .badInput, stage: "offline",
          message: "--batch: input '\(name)' has a fixed first dimension \(first); batching needs a symbolic or size-1 batch dim")
      }
    }
    guard !fixedOne, symbols.count == 1, batch > 1, let symbol = symbols.first else {
      if fixedOne && batch > 1 {
        report.notes.append("--batch \(batch): the model's batch dimension is fixed at 1, so each offline query runs \(batch) single inferences")
      }
      return OfflineQuery(batch: batch, batched: false) { for _ in 0..<batch { _ = try executable.run(inputs) } }
    }
    var batchedInputs: [String: HostValue] = [:]
    for (name, value) in inputs {
      guard let tensor = value.tensor, tensor.shape.first == 1 else {
        throw Stop(outcome: .badInput, stage: "offline", message: "--batch: input '\(name)' must have batch size 1 to be repeated")
      }
      batchedInputs[name] = .tensor(Self.repeatFirstDimension(tensor, batch))
    }
    var batchBindings = bindings
    batchBindings[symbol] = batch
    let batchedExecutable = try stage("compile", &report, progress, detail: "batch \(batch)", failing: .targetFailed) {
      try target.compile(model, options: options.compileOptions(batchBindings))
    }
    return OfflineQuery(batch: batch, batched: true) { _ = try batchedExecutable.run(batchedInputs) }
  }
}
