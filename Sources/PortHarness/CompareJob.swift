import Foundation
import PortIR
import PortImport
import PortTarget

/// `port compare MODEL --targets a,b,c`: the main job on every target, on the same inputs, against
/// one reference run. The model is imported once; a target that fails (refuses, crashes, hangs)
/// gets its row with the reason and the others go on.
public struct CompareJob {
  public var modelPath: String
  public var targets: [any Target]
  public var reference: any Target
  public var options: PortOptions
  /// Price and power per target name (`--price-per-hour ort=0.2`); `options` holds the ones for all.
  public var pricePerHour: [String: Double] = [:]
  public var watts: [String: Double] = [:]
  /// The target the others' speed is expressed against; nil: the fastest within tolerance.
  public var baseline: String?
  public var importer = ONNXImporter()

  public init(modelPath: String, targets: [any Target], reference: any Target, options: PortOptions) {
    self.modelPath = modelPath
    self.targets = targets
    self.reference = reference
    self.options = options
  }

  public func run(progress: any ProgressReporter = SilentProgress()) -> ComparisonReport {
    var report = ComparisonReport(model: RunReport.ModelInfo(path: modelPath), reference: RunReport.TargetInfo(reference))
    let imported: ImportedModel
    progress.begin("import", detail: nil)
    do {
      imported = try importer.load(modelPath)
      progress.end("import", result: "\(imported.model.graph.nodes.count) nodes", seconds: 0)
    } catch {
      progress.end("import", result: "failed", seconds: 0)
      report.status = RunReport.Status(outcome: .badInput, stage: "import", message: PortJob.describe(error))
      return report
    }
    // Every target up to its benchmark; then the benchmark rounds, each target in turn in each;
    // then the reports. A target that fails at any point keeps its report and drops out.
    let shared = SharedReference()
    var jobs: [PortJob] = []
    var runs: [RunReport] = []
    var prepared: [PreparedRun?] = []
    for target in targets {
      progress.begin("target", detail: target.name)
      var options = self.options
      options.pricePerHour = pricePerHour[target.name] ?? options.pricePerHour
      options.watts = watts[target.name] ?? options.watts
      var job = PortJob(modelPath: modelPath, target: target, reference: reference, options: options)
      job.preimported = imported
      job.sharedReference = shared
      var run = job.newReport()
      let ready = job.attempt(&run) { try job.prepare(&$0, progress) }
      progress.end("target", result: "\(target.name): \(ready == nil ? run.status.outcome.rawValue : "ready")", seconds: 0)
      jobs.append(job)
      runs.append(run)
      prepared.append(ready)
    }
    // One progress line per round (not per target and round: 10 rounds of 5 targets would be 100).
    let rounds = options.measurePerformance ? options.benchmark.rounds : 0
    for round in 0..<rounds {
      progress.begin("benchmark", detail: "round \(round + 1)/\(rounds), the targets in turn")
      let start = MonotonicClock().now()
      var results: [String] = []
      for (index, job) in jobs.enumerated() {
        guard var measuring = prepared[index] else { continue }
        let measured = job.attempt(&runs[index]) { try job.measureRound(round, &measuring, &$0, SilentProgress()) } != nil
        prepared[index] = measured ? measuring : nil
        let throughput = measuring.singleStream.last.map { PortJob.throughput($0, samplesPerQuery: 1) }
        results.append("\(job.target.name) " + (measured ? "\(Format.number(throughput))/s" : "failed"))
      }
      progress.end("benchmark", result: results.joined(separator: ", "), seconds: MonotonicClock().now() - start)
    }
    for (index, job) in jobs.enumerated() {
      if let done = prepared[index] { job.attempt(&runs[index]) { try job.finish(done, &$0) } }
    }
    report.runs = runs
    report.model = report.runs.first?.model ?? report.model
    report.summarize(baseline: baseline)
    return report
  }
}

/// The `port compare` report: one row per target (the summary the tables show) and each target's
/// full run report. JSON schema: docs/compare-report.schema.json (`modelport.compare-report/1`).
public struct ComparisonReport: Sendable, Codable {
  public static let schemaVersion = "modelport.compare-report/1"

  public var schema = ComparisonReport.schemaVersion
  public var tool = RunReport.ToolInfo()
  public var createdAt: String
  public var model: RunReport.ModelInfo
  public var reference: RunReport.TargetInfo
  /// The worst of the targets' statuses (the largest exit status), or the import's failure.
  public var status: RunReport.Status
  /// The target speeds are expressed against (`speedup`), when there is one.
  public var baseline: String?
  public var rows: [Row] = []
  /// Each target's full run report, in the order of `rows`.
  public var runs: [RunReport] = []

  public init(model: RunReport.ModelInfo, reference: RunReport.TargetInfo, createdAt: Date = Date()) {
    self.model = model
    self.reference = reference
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    self.createdAt = formatter.string(from: createdAt)
    self.status = RunReport.Status(outcome: .ok)
  }

  public var exitStatus: Int32 { status.exitStatus }

  enum CodingKeys: String, CodingKey { case schema, tool, createdAt, model, reference, status, baseline, rows, runs }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(schema, forKey: .schema)
    try c.encode(tool, forKey: .tool)
    try c.encode(createdAt, forKey: .createdAt)
    try c.encode(model, forKey: .model)
    try c.encode(reference, forKey: .reference)
    try c.encode(status, forKey: .status)
    try c.encode(baseline, forKey: .baseline)
    try c.encode(rows, forKey: .rows)
    try c.encode(runs, forKey: .runs)
  }

  /// One target, in a line.
  public struct Row: Sendable, Codable, Hashable {
    public var target: String
    public var outcome: RunReport.Outcome
    public var exitStatus: Int32
    public var stage: String?
    public var message: String?
    /// Placement counts of the main graph's nodes (nil when the run stopped before capability).
    public var nodes: Int?
    public var native: Int?
    public var decomposed: Int?
    public var fallback: Int?
    public var refused: Int?
    /// Accuracy against the reference: every output within tolerance (nil: not checked).
    public var accuracyPass: Bool?
    /// The largest `max_abs` and smallest `cosine` over the outputs.
    public var maxAbs: Double?
    public var cosine: Double?
    public var latencyP50Ms: Double?
    public var latencyP90Ms: Double?
    /// Inferences per second (offline when measured, else single-stream).
    public var throughputPerS: Double?
    public var costPerMillion: Double?
    /// Where the latencies were measured: `harness` (timing `run` calls) or `target` (timed by
    /// the target itself, e.g. inside an external runtime's process).
    public var timedBy: String?
    /// This target's throughput / the baseline's: above 1 is faster than the baseline. The ratio
    /// of medians over rounds, as `Scripts/bench-cpu` and BENCHMARKS.md quote it.
    public var speedup: Double?
    /// The fastest target (by throughput) among those whose run is `ok` with outputs within tolerance.
    public var fastest: Bool

    init(_ run: RunReport) {
      target = run.target.name
      outcome = run.status.outcome
      exitStatus = run.status.exitStatus
      stage = run.status.stage
      message = run.status.message
      if let placement = run.placement {
        nodes = placement.total
        native = placement.native
        decomposed = placement.decomposed
        fallback = placement.fallback
        refused = placement.refused.count
      }
      if let accuracy = run.accuracy {
        accuracyPass = accuracy.pass
        maxAbs = accuracy.outputs.map(\.metrics.maxAbs).max()
        cosine = accuracy.outputs.map(\.metrics.cosine).min()
      }
      if let performance = run.performance {
        latencyP50Ms = performance.latencyMs.p50
        latencyP90Ms = performance.latencyMs.p90
        throughputPerS = performance.offline?.throughputPerS ?? performance.throughputPerS
        timedBy = run.notes.contains { $0.hasPrefix("latencies timed inside") } ? "target" : "harness"
      }
      costPerMillion = run.cost?.costPerMillion
      fastest = false
    }

    enum CodingKeys: String, CodingKey {
      case target, outcome, exitStatus, stage, message, nodes, native, decomposed, fallback, refused, accuracyPass, maxAbs,
        cosine, latencyP50Ms, latencyP90Ms, throughputPerS, costPerMillion, timedBy, speedup, fastest
    }

    /// Written by hand so that what was not measured is `null`, not missing: the schema requires every key.
    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(target, forKey: .target)
      try c.encode(outcome, forKey: .outcome)
      try c.encode(exitStatus, forKey: .exitStatus)
      try c.encode(stage, forKey: .stage)
      try c.encode(message, forKey: .message)
      try c.encode(nodes, forKey: .nodes)
      try c.encode(native, forKey: .native)
      try c.encode(decomposed, forKey: .decomposed)
      try c.encode(fallback, forKey: .fallback)
      try c.encode(refused, forKey: .refused)
      try c.encode(accuracyPass, forKey: .accuracyPass)
      try c.encode(maxAbs, forKey: .maxAbs)
      try c.encode(cosine, forKey: .cosine)
      try c.encode(latencyP50Ms, forKey: .latencyP50Ms)
      try c.encode(latencyP90Ms, forKey: .latencyP90Ms)
      try c.encode(throughputPerS, forKey: .throughputPerS)
      try c.encode(costPerMillion, forKey: .costPerMillion)
      try c.encode(timedBy, forKey: .timedBy)
      try c.encode(speedup, forKey: .speedup)
      try c.encode(fastest, forKey: .fastest)
    }
  }

  /// Fills `rows` from `runs`, marks the fastest target within tolerance, and sets the status.
  mutating func summarize(baseline: String?) {
    rows = runs.map(Row.init)
    let eligible = rows.indices.filter { rows[$0].outcome == .ok && rows[$0].accuracyPass != false && rows[$0].throughputPerS != nil }
    if let best = eligible.max(by: { (rows[$0].throughputPerS ?? 0) < (rows[$1].throughputPerS ?? 0) }) {
      rows[best].fastest = true
    }
    let base = rows.first { $0.target == baseline } ?? rows.first { $0.fastest }
    self.baseline = base?.throughputPerS == nil ? nil : base?.target
    if let reference = base?.throughputPerS, reference > 0 {
      for index in rows.indices {
        if let throughput = rows[index].throughputPerS { rows[index].speedup = throughput / reference }
      }
    }
    let worstStatus = runs.map(\.status.exitStatus).max() ?? 0
    if let worst = runs.first(where: { $0.status.exitStatus == worstStatus }), worst.status.outcome != .ok {
      let failing = runs.filter { $0.status.exitStatus == worst.status.exitStatus }.map(\.target.name)
      status = RunReport.Status(
        outcome: worst.status.outcome, stage: worst.status.stage,
        message: "\(worst.target.name): \(worst.status.message ?? worst.status.outcome.rawValue)"
          + (failing.count > 1 ? " (also exit \(worst.status.exitStatus): \(failing.dropFirst().joined(separator: ", ")))" : ""))
    } else {
      status = RunReport.Status(outcome: .ok)
    }
  }
}
