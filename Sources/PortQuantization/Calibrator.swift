import Foundation
import PortIR
import PortInterpreter

/// Statistics of one float value over the calibration samples: its range and a histogram.
///
/// The histogram is signed and symmetric: `2·half` bins of width `binWidth` over
/// [−half·binWidth, half·binWidth). When a sample falls outside, the width doubles and adjacent bins
/// merge exactly, so one pass over the samples suffices whatever order they come in.
public struct ValueStatistics: Codable, Sendable, Hashable {
  public var min: Double = .infinity
  public var max: Double = -.infinity
  public var count: Int = 0
  public var half: Int
  public var binWidth: Double = 0
  public var bins: [Double]

  public init(half: Int = 1024) {
    self.half = Swift.max(2, half + half % 2)
    bins = Array(repeating: 0, count: 2 * self.half)
  }

  public var absMax: Double { Swift.max(-min, max, 0) }

  public mutating func add<C: Collection>(_ values: C) where C.Element == Double {
    var lo = min
    var hi = max
    for v in values where v.isFinite {
      if v < lo { lo = v }
      if v > hi { hi = v }
    }
    guard lo <= hi else { return }
    min = lo
    max = hi
    let bound = Swift.max(-lo, hi)
    if binWidth == 0 {
      // First non-trivial sample: the range just covers it (zeros alone get a tiny width).
      binWidth = bound > 0 ? bound / Double(half) * (1 + 1e-9) : 1e-12
    }
    while bound >= binWidth * Double(half) { widen() }
    let inverse = 1 / binWidth
    let top = 2 * half - 1
    bins.withUnsafeMutableBufferPointer { bins in
      for v in values where v.isFinite {
        let index = Int((v * inverse).rounded(.down)) + half
        bins[Swift.max(0, Swift.min(top, index))] += 1
        count += 1
      }
    }
  }

  /// Doubles the bin width: bin j of the result holds old bins 2j − half and 2j − half + 1.
  mutating func widen() {
    var merged = Array(repeating: 0.0, count: 2 * half)
    for j in (half / 2)..<(3 * half / 2) {
      merged[j] = bins[2 * j - half] + bins[2 * j - half + 1]
    }
    bins = merged
    binWidth *= 2
  }

  /// Counts of |x|: `half` bins over [0, half·binWidth).
  var magnitudes: [Double] {
    (0..<half).map { bins[half + $0] + bins[half - 1 - $0] }
  }

  /// The real range to quantize, by `settings.method`.
  public func range(_ settings: QuantizationSettings) -> (lo: Double, hi: Double) {
    guard count > 0, min <= max else { return (0, 0) }
    switch settings.method {
    case .minMax:
      return (min, max)
    case .percentile:
      let p = Swift.max(0, Swift.min(100, settings.percentile)) / 100
      if settings.symmetricActivations {
        let t = quantile(magnitudes, p) // of |x|
        return (Swift.max(min, -t), Swift.min(max, t))
      }
      let lo = quantile(bins, 1 - p) - Double(half) * binWidth
      let hi = quantile(bins, p) - Double(half) * binWidth
      return (Swift.max(min, Swift.min(lo, 0)), Swift.min(max, Swift.max(hi, 0)))
    case .entropy:
      // Data that never goes negative uses every level of an asymmetric type on [0, t].
      let levels = min >= 0 && !settings.symmetricActivations ? 256 : 128
      let t = Entropy.threshold(magnitudes, levels: levels) * binWidth
      return (Swift.max(min, -t), Swift.min(max, t))
    }
  }

  /// The upper edge of the bin where the cumulative count reaches fraction p (offset from bin 0).
  func quantile(_ counts: [Double], _ p: Double) -> Double {
    let total = counts.reduce(0, +)
    guard total > 0 else { return 0 }
    var cumulative = 0.0
    for (i, c) in counts.enumerated() {
      cumulative += c
      if cumulative >= p * total { return Double(i + 1) * binWidth }
    }
    return Double(counts.count) * binWidth
  }
}

/// TensorRT's entropy calibration: the clipping threshold whose `levels`-bin quantization of the
/// |x| histogram loses the least information (KL divergence of reference vs quantized distribution).
enum Entropy {
  /// The threshold in bins (the histogram's bin count when no clipping helps).
  static func threshold(_ hist: [Double], levels: Int) -> Double {
    let n = hist.count
    // Only the bins up to the last non-empty one matter.
    guard let last = hist.lastIndex(where: { $0 > 0 }) else { return Double(n) }
    let used = last + 1
    guard used > levels else { return Double(used) }
    var best = used
    var bestDivergence = Double.infinity
    var suffix = Array(repeating: 0.0, count: used + 1)
    for i in stride(from: used - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + hist[i] }
    var p = Array(repeating: 0.0, count: used)
    var q = Array(repeating: 0.0, count: used)
    for i in levels...used {
      // Reference: the first i bins, the clipped tail folded into the last.
      for k in 0..<i { p[k] = hist[k] }
      p[i - 1] += suffix[i]
      // Candidate: the first i bins merged into `levels` groups, spread back over non-empty bins.
      let merged = Double(i) / Double(levels)
      for j in 0..<levels {
        let start = Int((Double(j) * merged).rounded(.down))
        let stop = j == levels - 1 ? i : Int((Double(j + 1) * merged).rounded(.down))
        var total = 0.0
        var nonEmpty = 0
        for k in start..<stop where hist[k] > 0 {
          total += hist[k]
          nonEmpty += 1
        }
        let share = nonEmpty > 0 ? total / Double(nonEmpty) : 0
        for k in start..<stop { q[k] = hist[k] > 0 ? share : 0 }
      }
      let divergence = kl(p, q, i)
      if divergence < bestDivergence {
        bestDivergence = divergence
        best = i
      }
    }
    return Double(best)
  }

  /// KL(p ‖ q) over the first `n` bins, both normalized; bins where q is empty but p is not get a
  /// small floor (the clipped tail), as TensorRT smooths them.
  static func kl(_ p: [Double], _ q: [Double], _ n: Int) -> Double {
    var sp = 0.0
    var sq = 0.0
    for k in 0..<n {
      sp += p[k]
      sq += q[k]
    }
    guard sp > 0, sq > 0 else { return .infinity }
    var divergence = 0.0
    for k in 0..<n where p[k] > 0 {
      let pk = p[k] / sp
      let qk = Swift.max(q[k] / sq, 1e-12)
      divergence += pk * log(pk / qk)
    }
    return divergence
  }
}

/// Per-value statistics of a float graph over calibration samples, keyed by value name.
public struct CalibrationTable: Codable, Sendable, Hashable {
  public var statistics: [String: ValueStatistics]
  public var samples: Int

  public init(statistics: [String: ValueStatistics] = [:], samples: Int = 0) {
    self.statistics = statistics
    self.samples = samples
  }

  public subscript(value: String) -> ValueStatistics? { statistics[value] }
}

/// Runs the float graph on calibration samples with the reference interpreter and collects every
/// float value's statistics (graph inputs and every node output).
public struct Calibrator {
  /// Histogram bins per sign: |x| gets this many (TensorRT uses 2048).
  public var histogramBins: Int

  public init(histogramBins: Int = 2048) { self.histogramBins = histogramBins }

  /// Statistics over `samples` (each a full set of graph inputs, keyed by input name).
  public func collect(graph: Graph, samples: [[String: HostValue]]) throws -> CalibrationTable {
    var table = CalibrationTable()
    for sample in samples {
      let interpreter = Interpreter()
      interpreter.captured = [:]
      let outputs = try interpreter.run(graph, inputs: sample)
      var values = interpreter.captured ?? [:]
      for (name, value) in sample { values[name] = value }
      for (name, value) in outputs { values[name] = value }
      for (name, value) in values {
        guard let tensor = value.tensor, tensor.elementType.isFloatingPoint else { continue }
        table.statistics[name, default: ValueStatistics(half: histogramBins)].add(tensor.doubles())
      }
      table.samples += 1
    }
    return table
  }

  /// `count` random samples for the graph's inputs (static shapes; symbolic dims taken as 1):
  /// uniform in [lo, hi) from a fixed seed, so calibration is reproducible.
  public static func randomSamples(
    for graph: Graph, count: Int, range: ClosedRange<Double> = -1...1, seed: UInt64 = 0x5EED
  ) throws -> [[String: HostValue]] {
    var generator = SplitMix64(seed: seed)
    var samples: [[String: HostValue]] = []
    for _ in 0..<count {
      var sample: [String: HostValue] = [:]
      for name in graph.inputs {
        guard case .tensor(let type, let shape) = graph.type(of: name), type.isFloatingPoint else {
          throw PortError(.unsupported, "calibration input '\(name)' is not a float tensor")
        }
        let sizes = (shape?.dims ?? []).map { $0.value ?? 1 }
        let n = sizes.reduce(1, *)
        let values = (0..<n).map { _ in range.lowerBound + generator.unit() * (range.upperBound - range.lowerBound) }
        sample[name] = .tensor(Tensor(type, shape: sizes, doubles: values))
      }
      samples.append(sample)
    }
    return samples
  }
}

/// A small reproducible generator (SplitMix64).
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
