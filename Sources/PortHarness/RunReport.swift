import Foundation
import PortIR
import PortTarget

/// Everything one `port MODEL --target T` run found: the model, where its nodes run, accuracy
/// against the reference, performance, cost, and the outcome. Encoded as the `--json` report
/// (schema `docs/report.schema.json`; keys in snake_case) and rendered by the other reports.
public struct RunReport: Sendable, Codable {
  /// The schema identifier; bump the number when a field changes meaning or disappears.
  public static let schemaVersion = "modelport.run-report/1"

  public var schema = RunReport.schemaVersion
  public var tool = ToolInfo()
  /// ISO 8601, UTC.
  public var createdAt: String
  public var model: ModelInfo
  public var target: TargetInfo
  public var reference: TargetInfo?
  public var status: Status
  public var placement: Placement?
  public var inputs: InputsInfo?
  public var accuracy: Accuracy?
  public var performance: Performance?
  public var cost: CostEstimate?
  /// Partial targets: how the executable was compiled (fresh or from the artifact cache).
  public var compilation: CompilationInfo?
  /// Partial targets: the estimated device latency (an estimate, not a measurement).
  public var deviceEstimate: DeviceEstimate?
  /// What would move more of the graph onto the device (empty when nothing falls back).
  public var nextActions: [String] = []
  /// Wall time of each stage that ran, in order.
  public var stages: [StageTiming] = []
  /// Things worth knowing that are not failures (defaults taken, stages skipped).
  public var notes: [String] = []

  public init(model: ModelInfo, target: TargetInfo, createdAt: Date = Date()) {
    self.model = model
    self.target = target
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    self.createdAt = formatter.string(from: createdAt)
    self.status = Status(outcome: .ok)
  }

  /// The process exit status this report calls for.
  public var exitStatus: Int32 { status.outcome.exitStatus }

  // MARK: Parts

  public struct ToolInfo: Sendable, Codable, Hashable {
    public var name = "modelport"
    public var version = "0.1.0"
  }

  public struct ValueInfo: Sendable, Codable, Hashable {
    public var name: String
    public var type: String
  }

  public struct ModelInfo: Sendable, Codable, Hashable {
    public var path: String
    /// The file name without its extension.
    public var name: String
    public var irVersion: Int?
    public var opset: Int?
    public var producer: String?
    public var nodes: Int?
    public var inputs: [ValueInfo] = []
    public var outputs: [ValueInfo] = []
    /// Model-local function calls the importer inlined, by function.
    public var inlinedFunctions: [NamedCount] = []

    public init(path: String) {
      self.path = path
      self.name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
  }

  public struct TargetInfo: Sendable, Codable, Hashable {
    public var name: String
    public var summary: String

    public init(_ target: any Target) {
      name = target.name
      summary = target.summary
    }
  }

  /// How the run ended, and the exit status that follows from it.
  public struct Status: Sendable, Codable, Hashable {
    public var outcome: Outcome
    public var exitStatus: Int32
    /// The stage that failed, for failures.
    public var stage: String?
    public var message: String?

    public init(outcome: Outcome, stage: String? = nil, message: String? = nil) {
      self.outcome = outcome
      self.exitStatus = outcome.exitStatus
      self.stage = stage
      self.message = message
    }
  }

  /// The documented outcomes, most severe last; the exit status is the outcome's.
  public enum Outcome: String, Sendable, Codable, Hashable, CaseIterable {
    case ok
    case accuracy = "accuracy-out-of-tolerance"
    case badInput = "bad-input"
    case cannotRun = "target-cannot-run"
    case targetFailed = "target-failed"

    public var exitStatus: Int32 {
      switch self {
      case .ok: 0
      case .accuracy: 1
      case .badInput: 2
      case .cannotRun: 3
      case .targetFailed: 4
      }
    }

    /// One line per status, for `--help` and the README.
    public static var documentation: String {
      """
        0  all good (outputs within tolerance, or not checked)
        1  accuracy out of tolerance against the reference
        2  bad input: the model, a flag or a data file
        3  the target cannot run the model (refused nodes)
        4  the target failed while compiling or running
      """
    }
  }

  /// A name and how often it occurs (an array, so names stay verbatim as JSON values).
  public struct NamedCount: Sendable, Codable, Hashable {
    public var name: String
    public var count: Int

    /// Sorted by count, most first, then name.
    public static func list(_ counts: [String: Int]) -> [NamedCount] {
      counts.map { NamedCount(name: $0.key, count: $0.value) }.sorted {
        $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name
      }
    }
  }

  public struct RefusedNode: Sendable, Codable, Hashable {
    public var node: String
    public var opType: String
    public var reason: String
  }

  /// Where the nodes of the main graph run.
  public struct Placement: Sendable, Codable, Hashable {
    public var total: Int
    public var native: Int
    public var decomposed: Int
    public var fallback: Int
    /// Nodes the target refuses (the run stops with status 3 when any are).
    public var refused: [RefusedNode]
    /// Op types of the claimed nodes, with counts, most frequent first.
    public var opTypes: [NamedCount]
    /// Targets that explain placement: every node with where it runs and why (else nil).
    public var nodes: [NodePlacement]? = nil
    /// Fallback nodes grouped by op type and reason.
    public var fallbackGroups: [FallbackGroup]? = nil
    /// Contiguous device and host regions, and the values crossing between them.
    public var deviceRegions: Int? = nil
    public var hostRegions: Int? = nil
    public var transfers: Int? = nil

    enum CodingKeys: String, CodingKey {
      case total, native, decomposed, fallback, refused, opTypes, nodes, fallbackGroups, deviceRegions, hostRegions,
        transfers
    }

    public init(total: Int, native: Int, decomposed: Int, fallback: Int, refused: [RefusedNode], opTypes: [NamedCount]) {
      self.total = total
      self.native = native
      self.decomposed = decomposed
      self.fallback = fallback
      self.refused = refused
      self.opTypes = opTypes
    }

    public init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      total = try c.decode(Int.self, forKey: .total)
      native = try c.decode(Int.self, forKey: .native)
      decomposed = try c.decode(Int.self, forKey: .decomposed)
      fallback = try c.decode(Int.self, forKey: .fallback)
      refused = try c.decode([RefusedNode].self, forKey: .refused)
      opTypes = try c.decode([NamedCount].self, forKey: .opTypes)
      nodes = try c.decodeIfPresent([NodePlacement].self, forKey: .nodes)
      fallbackGroups = try c.decodeIfPresent([FallbackGroup].self, forKey: .fallbackGroups)
      deviceRegions = try c.decodeIfPresent(Int.self, forKey: .deviceRegions)
      hostRegions = try c.decodeIfPresent(Int.self, forKey: .hostRegions)
      transfers = try c.decodeIfPresent(Int.self, forKey: .transfers)
    }

    /// Every key present (null when the target does not explain placement).
    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(total, forKey: .total)
      try c.encode(native, forKey: .native)
      try c.encode(decomposed, forKey: .decomposed)
      try c.encode(fallback, forKey: .fallback)
      try c.encode(refused, forKey: .refused)
      try c.encode(opTypes, forKey: .opTypes)
      try c.encode(nodes, forKey: .nodes)
      try c.encode(fallbackGroups, forKey: .fallbackGroups)
      try c.encode(deviceRegions, forKey: .deviceRegions)
      try c.encode(hostRegions, forKey: .hostRegions)
      try c.encode(transfers, forKey: .transfers)
    }
  }

  public struct InputsInfo: Sendable, Codable, Hashable {
    /// `random` or `files`.
    public var source: String
    public var seed: UInt64?
    public var values: [InputDescription]
  }

  public struct OutputAccuracy: Sendable, Codable, Hashable {
    public var name: String
    public var elementType: String?
    public var shape: [Int]?
    public var metrics: DriftMetrics
    public var pass: Bool { metrics.pass }

    public init(name: String, elementType: String?, shape: [Int]?, metrics: DriftMetrics) {
      self.name = name
      self.elementType = elementType
      self.shape = shape
      self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey { case name, elementType, shape, pass }

    // The metrics sit next to the name in one flat object.
    public init(from decoder: Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      name = try container.decode(String.self, forKey: .name)
      elementType = try container.decodeIfPresent(String.self, forKey: .elementType)
      shape = try container.decodeIfPresent([Int].self, forKey: .shape)
      metrics = try DriftMetrics(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(name, forKey: .name)
      try container.encode(elementType, forKey: .elementType)
      try container.encode(shape, forKey: .shape)
      try container.encode(pass, forKey: .pass)
      try metrics.encode(to: encoder)
    }
  }

  public struct Accuracy: Sendable, Codable, Hashable {
    public var pass: Bool
    public var rtol: Double
    public var atol: Double
    /// `default`, `target` (declared by the target) or `flag`.
    public var toleranceSource: String
    public var outputs: [OutputAccuracy]
    /// `--layers`: drift along the graph; nil when not asked for or not exposed.
    public var layers: Layers?

    enum CodingKeys: String, CodingKey { case pass, rtol, atol, toleranceSource, outputs, layers }

    /// Written by hand so that `layers` is `null` rather than missing: the schema requires the key.
    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(pass, forKey: .pass)
      try container.encode(rtol, forKey: .rtol)
      try container.encode(atol, forKey: .atol)
      try container.encode(toleranceSource, forKey: .toleranceSource)
      try container.encode(outputs, forKey: .outputs)
      try container.encode(layers, forKey: .layers)
    }
  }

  public struct Layers: Sendable, Codable, Hashable {
    /// Whether the candidate exposes intermediate values at all.
    public var exposed: Bool
    public var compared: Int
    public var hiddenNodes: Int
    public var firstDivergent: LayerDrift?
    public var values: [LayerDrift]

    enum CodingKeys: String, CodingKey { case exposed, compared, hiddenNodes, firstDivergent, values }

    public init(exposed: Bool, comparison: LayerComparison?) {
      self.exposed = exposed
      self.values = comparison?.values ?? []
      self.compared = values.count
      self.hiddenNodes = comparison?.hiddenNodes ?? 0
      self.firstDivergent = comparison?.firstDivergent
    }

    public init(from decoder: Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      exposed = try container.decode(Bool.self, forKey: .exposed)
      compared = try container.decode(Int.self, forKey: .compared)
      hiddenNodes = try container.decode(Int.self, forKey: .hiddenNodes)
      firstDivergent = try container.decodeIfPresent(LayerDrift.self, forKey: .firstDivergent)
      values = try container.decode([LayerDrift].self, forKey: .values)
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(exposed, forKey: .exposed)
      try container.encode(compared, forKey: .compared)
      try container.encode(hiddenNodes, forKey: .hiddenNodes)
      try container.encode(firstDivergent, forKey: .firstDivergent)
      try container.encode(values, forKey: .values)
    }
  }

  /// Latency summary in milliseconds.
  public struct LatencyMilliseconds: Sendable, Codable, Hashable {
    public var min: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    public var mean: Double
    public var stdev: Double

    public init(_ statistics: LatencyStatistics) {
      min = statistics.min * 1000
      p50 = statistics.p50 * 1000
      p90 = statistics.p90 * 1000
      p99 = statistics.p99 * 1000
      max = statistics.max * 1000
      mean = statistics.mean * 1000
      stdev = statistics.stdev * 1000
    }
  }

  public struct Interval: Sendable, Codable, Hashable {
    public var lower: Double
    public var upper: Double
    public var confidence: Double
  }

  public struct Performance: Sendable, Codable, Hashable {
    /// `single-stream`: one query at a time; the scenario's figure is the p90 latency.
    public var scenario: String
    public var latencyMs: LatencyMilliseconds
    /// Distribution-free confidence interval of the median latency, ms.
    public var medianCiMs: Interval
    /// The median of the rounds' throughputs.
    public var throughputPerS: Double
    /// Rounds the measuring was split into (`--rounds`), and each one's throughput.
    public var rounds: Int
    public var roundThroughputsPerS: [Double]
    public var iterations: Int
    public var warmup: Int
    public var elapsedS: Double
    public var minQueries: Int
    public var minTimeS: Double
    /// The `--threads` setting passed to the target (nil: the target's default).
    public var threads: Int?
    public var cpuTimeS: Double
    /// CPU time / wall time: about the number of cores kept busy.
    public var cpuUtilization: Double
    public var peakRssBytes: Int
    /// Per-query device time, when the target reports it.
    public var deviceLatencyMs: LatencyMilliseconds?
    /// The offline scenario (`--batch N`): batched queries, throughput in inferences per second.
    public var offline: Offline?
    /// Histogram of single-stream latencies for the charts: bucket lower edges and counts.
    public var histogram: Histogram
  }

  public struct Offline: Sendable, Codable, Hashable {
    public var batch: Int
    /// Whether the batch went through the model as one tensor (symbolic batch dim), or as
    /// `batch` single queries (the model's batch dim is fixed at 1).
    public var batched: Bool
    public var iterations: Int
    public var elapsedS: Double
    /// Inferences (samples) per second: the median of the rounds'.
    public var throughputPerS: Double
    public var roundThroughputsPerS: [Double]
    /// Latency of one whole batch.
    public var latencyMs: LatencyMilliseconds
  }

  /// Latency counts in equal buckets. With 50 or more samples the buckets span min…p99 and the
  /// slowest 1% are counted in `overflow`, so a few outliers do not flatten the chart.
  public struct Histogram: Sendable, Codable, Hashable {
    public var lowerMs: [Double]
    public var widthMs: Double
    public var counts: [Int]
    /// Samples above the last bucket.
    public var overflow: Int

    public init(_ samplesMs: [Double], buckets: Int = 30) {
      let sorted = samplesMs.sorted()
      guard let low = sorted.first, let slowest = sorted.last else {
        lowerMs = []
        widthMs = 0
        counts = []
        overflow = 0
        return
      }
      let high = sorted.count >= 50 ? LatencyStatistics.percentile(sorted, 99) : slowest
      let width = high > low ? (high - low) / Double(buckets) : Swift.max(low * 0.01, 1e-6)
      let count = high > low ? buckets : 1
      var counts = [Int](repeating: 0, count: count)
      var overflow = 0
      for sample in sorted {
        if sample > high {
          overflow += 1
        } else {
          counts[Swift.min(count - 1, Int((sample - low) / width))] += 1
        }
      }
      self.lowerMs = (0..<count).map { low + Double($0) * width }
      self.widthMs = width
      self.counts = counts
      self.overflow = overflow
    }
  }

  public struct StageTiming: Sendable, Codable, Hashable {
    public var name: String
    public var seconds: Double

    /// One entry per stage name, in the order each first ran, with the seconds of every run of it
    /// (a benchmark in rounds, a second compile for the offline batch).
    static func merged(_ timings: [StageTiming]) -> [StageTiming] {
      var merged: [StageTiming] = []
      for timing in timings {
        if let index = merged.firstIndex(where: { $0.name == timing.name }) {
          merged[index].seconds += timing.seconds
        } else {
          merged.append(timing)
        }
      }
      return merged
    }
  }

  // MARK: Coding: absent sections are written as null so every documented key is present.

  enum CodingKeys: String, CodingKey {
    case schema, tool, createdAt, model, target, reference, status, placement, inputs, accuracy, performance, cost, stages,
      notes, compilation, deviceEstimate, nextActions
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    schema = try c.decode(String.self, forKey: .schema)
    tool = try c.decode(ToolInfo.self, forKey: .tool)
    createdAt = try c.decode(String.self, forKey: .createdAt)
    model = try c.decode(ModelInfo.self, forKey: .model)
    target = try c.decode(TargetInfo.self, forKey: .target)
    reference = try c.decodeIfPresent(TargetInfo.self, forKey: .reference)
    status = try c.decode(Status.self, forKey: .status)
    placement = try c.decodeIfPresent(Placement.self, forKey: .placement)
    inputs = try c.decodeIfPresent(InputsInfo.self, forKey: .inputs)
    accuracy = try c.decodeIfPresent(Accuracy.self, forKey: .accuracy)
    performance = try c.decodeIfPresent(Performance.self, forKey: .performance)
    cost = try c.decodeIfPresent(CostEstimate.self, forKey: .cost)
    stages = try c.decode([StageTiming].self, forKey: .stages)
    notes = try c.decode([String].self, forKey: .notes)
    compilation = try c.decodeIfPresent(CompilationInfo.self, forKey: .compilation)
    deviceEstimate = try c.decodeIfPresent(DeviceEstimate.self, forKey: .deviceEstimate)
    nextActions = try c.decodeIfPresent([String].self, forKey: .nextActions) ?? []
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(schema, forKey: .schema)
    try c.encode(tool, forKey: .tool)
    try c.encode(createdAt, forKey: .createdAt)
    try c.encode(model, forKey: .model)
    try c.encode(target, forKey: .target)
    try c.encode(reference, forKey: .reference)
    try c.encode(status, forKey: .status)
    try c.encode(placement, forKey: .placement)
    try c.encode(inputs, forKey: .inputs)
    try c.encode(accuracy, forKey: .accuracy)
    try c.encode(performance, forKey: .performance)
    try c.encode(cost, forKey: .cost)
    try c.encode(stages, forKey: .stages)
    try c.encode(notes, forKey: .notes)
    try c.encode(compilation, forKey: .compilation)
    try c.encode(deviceEstimate, forKey: .deviceEstimate)
    try c.encode(nextActions, forKey: .nextActions)
  }
}
