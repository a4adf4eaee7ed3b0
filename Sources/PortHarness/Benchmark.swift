import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A source of time in seconds, monotonic. Injected so tests can drive the stopping rule.
public protocol BenchmarkClock {
  func now() -> Double
}

/// The system's monotonic clock.
public struct MonotonicClock: BenchmarkClock {
  public init() {}
  public func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// How long to measure.
public struct BenchmarkSettings: Sendable, Hashable {
  /// Runs before measuring (caches, lazy allocation, JIT).
  public var warmup: Int
  /// Measuring stops once both minimums are reached.
  public var minQueries: Int
  public var minSeconds: Double
  /// The minimums are shared out over this many rounds; the throughput is the median of the
  /// rounds'.
  public var rounds: Int

  public init(warmup: Int = 5, minQueries: Int = 64, minSeconds: Double = 10, rounds: Int = 1) {
    self.warmup = warmup
    self.minQueries = minQueries
    self.minSeconds = minSeconds
    self.rounds = rounds
  }

  /// One round's settings: its share of the minimums (the queries rounded up). The first round
  /// warms up fully; the later ones, with the executable already warm, run one query to bring
  /// its data back into the caches other targets used meanwhile.
  public func round(_ index: Int) -> BenchmarkSettings {
    let count = max(rounds, 1)
    return BenchmarkSettings(
      warmup: index == 0 ? warmup : min(warmup, 1), minQueries: (minQueries + count - 1) / count,
      minSeconds: minSeconds / Double(count), rounds: 1)
  }

  /// The stopping rule: at least `minQueries` queries AND at least `minSeconds` of measuring.
  public func isDone(queries: Int, elapsed: Double) -> Bool {
    queries >= minQueries && elapsed >= minSeconds
  }
}

/// What one measured loop produced.
public struct BenchmarkSamples: Sendable {
  /// Per-query wall time, seconds.
  public var latencies: [Double]
  /// Wall time of the whole measured loop, seconds.
  public var elapsed: Double
  /// User + system CPU time the process spent during the loop, seconds.
  public var cpuSeconds: Double
  /// Per-query device time, when the executable reports it.
  public var deviceLatencies: [Double]
}

/// Warm-up, then queries until the stopping rule is met; each query timed on its own.
public struct Benchmark {
  public var settings: BenchmarkSettings
  public var clock: any BenchmarkClock

  public init(settings: BenchmarkSettings, clock: any BenchmarkClock = MonotonicClock()) {
    self.settings = settings
    self.clock = clock
  }

  /// Runs `query` (warm-up excluded from the samples). `deviceTime` is read after each query.
  /// `progress` is told the measured count and elapsed time after every query.
  public func measure(
    _ query: () throws -> Void, deviceTime: (() -> Double?)? = nil,
    progress: (_ queries: Int, _ elapsed: Double) -> Void = { _, _ in }
  ) rethrows -> BenchmarkSamples {
    for _ in 0..<settings.warmup { try query() }
    var latencies: [Double] = []
    var device: [Double] = []
    latencies.reserveCapacity(settings.minQueries)
    let cpuBefore = ProcessResources.cpuSeconds()
    let start = clock.now()
    var elapsed = 0.0
    repeat {
      let before = clock.now()
      try query()
      let after = clock.now()
      latencies.append(after - before)
      if let seconds = deviceTime?() { device.append(seconds) }
      elapsed = after - start
      progress(latencies.count, elapsed)
    } while !settings.isDone(queries: latencies.count, elapsed: elapsed)
    let cpu = ProcessResources.cpuSeconds() - cpuBefore
    return BenchmarkSamples(latencies: latencies, elapsed: elapsed, cpuSeconds: cpu, deviceLatencies: device)
  }
}

/// The process's own resource use, from getrusage.
public enum ProcessResources {
  static func usage() -> rusage {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    return usage
  }

  /// User + system CPU seconds so far.
  public static func cpuSeconds() -> Double {
    let usage = usage()
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// The peak resident set size so far, bytes (Linux reports kilobytes, macOS bytes).
  public static func peakResidentBytes() -> Int {
    let usage = usage()
    #if os(Linux)
      return Int(usage.ru_maxrss) * 1024
    #else
      return Int(usage.ru_maxrss)
    #endif
  }
}
