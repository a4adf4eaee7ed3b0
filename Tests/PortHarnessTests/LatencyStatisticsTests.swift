import XCTest

@testable import PortHarness

final class LatencyStatisticsTests: XCTestCase {
  func testPercentilesInterpolateLikeNumPy() {
    let sorted: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    // numpy.percentile(range(1, 11), [50, 90, 99]) = 5.5, 9.1, 9.91
    XCTAssertEqual(LatencyStatistics.percentile(sorted, 50), 5.5, accuracy: 1e-12)
    XCTAssertEqual(LatencyStatistics.percentile(sorted, 90), 9.1, accuracy: 1e-12)
    XCTAssertEqual(LatencyStatistics.percentile(sorted, 99), 9.91, accuracy: 1e-12)
    XCTAssertEqual(LatencyStatistics.percentile(sorted, 0), 1)
    XCTAssertEqual(LatencyStatistics.percentile(sorted, 100), 10)
    XCTAssertEqual(LatencyStatistics.percentile([7], 90), 7)
  }

  func testSummary() throws {
    let stats = try XCTUnwrap(LatencyStatistics([4, 2, 8, 6]))
    XCTAssertEqual(stats.min, 2)
    XCTAssertEqual(stats.max, 8)
    XCTAssertEqual(stats.mean, 5)
    XCTAssertEqual(stats.p50, 5)
    // Sample stdev of 2,4,6,8: sqrt(20/3).
    XCTAssertEqual(stats.stdev, (20.0 / 3).squareRoot(), accuracy: 1e-12)
    XCTAssertNil(LatencyStatistics([]))
    XCTAssertEqual(LatencyStatistics([3])?.stdev, 0)
  }

  func testMedianConfidenceRanks() {
    // Known tables (e.g. Conover, Practical Nonparametric Statistics): n = 10 → (2, 9) at 97.85%;
    // n = 20 → (6, 15) at 95.86%; n = 100 → (40, 61) at 96.48%.
    let ten = LatencyStatistics.medianConfidenceRanks(n: 10, confidence: 0.95)
    XCTAssertEqual(ten.lower, 2)
    XCTAssertEqual(ten.upper, 9)
    XCTAssertEqual(ten.coverage, 1 - 2 * 11.0 / 1024, accuracy: 1e-9)
    let twenty = LatencyStatistics.medianConfidenceRanks(n: 20, confidence: 0.95)
    XCTAssertEqual(twenty.lower, 6)
    XCTAssertEqual(twenty.upper, 15)
    XCTAssertEqual(twenty.coverage, 0.9586, accuracy: 1e-4)
    let hundred = LatencyStatistics.medianConfidenceRanks(n: 100, confidence: 0.95)
    XCTAssertEqual(hundred.lower, 40)
    XCTAssertEqual(hundred.upper, 61)
    XCTAssertEqual(hundred.coverage, 0.9648, accuracy: 1e-4)
    // Fewer than 6 samples: no 95% interval; [min, max] with its coverage.
    let five = LatencyStatistics.medianConfidenceRanks(n: 5, confidence: 0.95)
    XCTAssertEqual(five.lower, 1)
    XCTAssertEqual(five.upper, 5)
    XCTAssertEqual(five.coverage, 0.9375, accuracy: 1e-12)
    // Large n stays finite and brackets the middle.
    let big = LatencyStatistics.medianConfidenceRanks(n: 100_000, confidence: 0.95)
    XCTAssertLessThan(big.lower, 50_000)
    XCTAssertGreaterThan(big.upper, 50_001)
    XCTAssertEqual(big.coverage, 0.95, accuracy: 0.01)
  }

  func testMedianIntervalUsesOrderStatistics() throws {
    let stats = try XCTUnwrap(LatencyStatistics((1...10).map(Double.init).reversed()))
    XCTAssertEqual(stats.medianInterval.lower, 2)
    XCTAssertEqual(stats.medianInterval.upper, 9)
  }
}
