import Foundation

/// Summary statistics of a set of latencies (or any samples), in the samples' unit.
public struct LatencyStatistics: Sendable, Hashable, Codable {
  public var count: Int
  public var min: Double
  public var p50: Double
  public var p90: Double
  public var p99: Double
  public var max: Double
  public var mean: Double
  /// Sample standard deviation (n − 1 in the denominator; 0 for a single sample).
  public var stdev: Double
  /// A distribution-free confidence interval of the median.
  public var medianInterval: MedianInterval

  public struct MedianInterval: Sendable, Hashable, Codable {
    public var lower: Double
    public var upper: Double
    /// The interval's actual coverage (≥ the requested level when enough samples exist; with
    /// fewer than 6 samples no 95% interval exists and this is the coverage of [min, max]).
    public var confidence: Double
  }

  /// Statistics of `samples`; nil when there are none.
  public init?(_ samples: [Double], confidence: Double = 0.95) {
    guard !samples.isEmpty else { return nil }
    let sorted = samples.sorted()
    let n = sorted.count
    count = n
    min = sorted[0]
    max = sorted[n - 1]
    p50 = Self.percentile(sorted, 50)
    p90 = Self.percentile(sorted, 90)
    p99 = Self.percentile(sorted, 99)
    let total = sorted.reduce(0, +)
    mean = total / Double(n)
    if n > 1 {
      let squares = sorted.reduce(0) { $0 + ($1 - total / Double(n)) * ($1 - total / Double(n)) }
      stdev = (squares / Double(n - 1)).squareRoot()
    } else {
      stdev = 0
    }
    let ranks = Self.medianConfidenceRanks(n: n, confidence: confidence)
    medianInterval = MedianInterval(lower: sorted[ranks.lower - 1], upper: sorted[ranks.upper - 1], confidence: ranks.coverage)
  }

  /// The `p`-th percentile of sorted samples by linear interpolation between closest ranks
  /// (NumPy's default `linear` method): position p/100·(n − 1), interpolated.
  public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty, "percentile of no samples")
    let position = p / 100 * Double(sorted.count - 1)
    let below = Int(position.rounded(.down))
    let above = Swift.min(below + 1, sorted.count - 1)
    let fraction = position - Double(below)
    return sorted[below] + (sorted[above] - sorted[below]) * fraction
  }

  /// 1-based ranks (l, u) of the order statistics bounding the median with at least `confidence`
  /// coverage: the number of samples below the median is Binomial(n, ½), so
  /// P(x₍ₗ₎ ≤ median ≤ x₍ᵤ₎) = P(l ≤ B ≤ u − 1) = 1 − 2·P(B ≤ l − 1) with u = n + 1 − l.
  /// The largest such l is chosen (the narrowest symmetric interval).
  public static func medianConfidenceRanks(n: Int, confidence: Double) -> (lower: Int, upper: Int, coverage: Double) {
    precondition(n > 0)
    let alphaHalf = (1 - confidence) / 2
    // cdf[k] = P(B ≤ k), in log space so large n neither underflows nor overflows.
    let logHalf = log(0.5) * Double(n)
    var cdf = 0.0
    var best: (Int, Double)? = nil
    // l − 1 runs from 0 up while P(B ≤ l − 1) ≤ α/2.
    for k in 0..<((n + 1) / 2) {
      let logPMF = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + logHalf
      cdf += exp(logPMF)
      if cdf <= alphaHalf { best = (k + 1, cdf) } else { break }
    }
    guard let (lower, tail) = best else {
      // Too few samples for the requested level: [min, max] and its true coverage.
      return (1, n, 1 - 2 * pow(0.5, Double(n)))
    }
    return (lower, n + 1 - lower, 1 - 2 * tail)
  }
}
