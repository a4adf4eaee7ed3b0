import PortIR

// More optional abilities of an executable (see Target.swift for the others).

/// An executable that ran its own rewrites (legalization, fusion, decomposition into ops it has)
/// and can hand out the model it actually runs, as IR in standard ops. `port --emit-onnx` saves
/// this model; for executables that do not conform it saves the imported model.
public protocol ExposesCompiledGraph: Executable {
  /// The model after the target's rewrites: every node a standard (or declared custom) op, in
  /// topological order, types as known.
  var compiledModel: Model { get }
}

/// The measurements of an executable that times queries itself (an external runtime timing its
/// own loop, so process overhead and data transfer do not pollute the numbers).
public struct SelfTimedSamples: Sendable, Hashable {
  /// Per-query latency, seconds.
  public var latencies: [Double]
  /// Wall time of the measured loop, seconds.
  public var elapsed: Double
  /// CPU time the runtime's process spent in the loop, seconds, when it knows.
  public var cpuSeconds: Double?
  /// Where the timing happened, for the report (`timed inside the ort adapter`).
  public var source: String

  public init(latencies: [Double], elapsed: Double, cpuSeconds: Double?, source: String) {
    self.latencies = latencies
    self.elapsed = elapsed
    self.cpuSeconds = cpuSeconds
    self.source = source
  }
}

/// An executable that runs the benchmark loop itself: `warmup` untimed queries, then queries until
/// at least `minQueries` AND `minSeconds` are reached, each timed on its own. The harness uses its
/// latencies instead of timing `run` calls.
public protocol TimesItself: Executable {
  func benchmark(_ inputs: [String: HostValue], warmup: Int, minQueries: Int, minSeconds: Double) throws
    -> SelfTimedSamples
}
