import XCTest

@testable import PortHarness

/// A clock that advances a fixed step each time it is read.
final class SteppingClock: BenchmarkClock {
  var time = 0.0
  let step: Double
  init(step: Double) { self.step = step }
  func now() -> Double {
    defer { time += step }
    return time
  }
}

final class BenchmarkTests: XCTestCase {
  func testStoppingRuleNeedsBothMinimums() {
    let settings = BenchmarkSettings(warmup: 0, minQueries: 64, minSeconds: 10)
    XCTAssertFalse(settings.isDone(queries: 63, elapsed: 100))
    XCTAssertFalse(settings.isDone(queries: 1000, elapsed: 9.99))
    XCTAssertTrue(settings.isDone(queries: 64, elapsed: 10))
  }

  func testTimeBoundStopsAfterMinimumTime() {
    // Each query reads the clock twice (before, after): 1 s per query as measured.
    let clock = SteppingClock(step: 1)
    var runs = 0
    let benchmark = Benchmark(settings: BenchmarkSettings(warmup: 3, minQueries: 4, minSeconds: 20), clock: clock)
    let samples = benchmark.measure { runs += 1 }
    XCTAssertEqual(runs - 3, samples.latencies.count, "warm-up runs are not measured")
    XCTAssertTrue(samples.latencies.allSatisfy { $0 == 1 })
    XCTAssertGreaterThanOrEqual(samples.elapsed, 20)
    // The first query that ends at or after 20 s stops the loop: start at 0, query k ends at 2k.
    XCTAssertEqual(samples.latencies.count, 10)
  }

  func testCountBoundStopsAfterMinimumQueries() {
    let clock = SteppingClock(step: 0.001)
    let benchmark = Benchmark(settings: BenchmarkSettings(warmup: 0, minQueries: 64, minSeconds: 0.01), clock: clock)
    var seen: [(Int, Double)] = []
    let samples = benchmark.measure({}, progress: { seen.append(($0, $1)) })
    XCTAssertEqual(samples.latencies.count, 64)
    XCTAssertEqual(seen.count, 64)
    XCTAssertEqual(seen.last?.0, 64)
  }

  func testDeviceTimeIsCollected() {
    let benchmark = Benchmark(settings: BenchmarkSettings(warmup: 0, minQueries: 3, minSeconds: 0), clock: SteppingClock(step: 1))
    let samples = benchmark.measure({}, deviceTime: { 0.5 })
    XCTAssertEqual(samples.deviceLatencies, [0.5, 0.5, 0.5])
  }

  func testCost() throws {
    let cost = try XCTUnwrap(CostEstimate(pricePerHour: 3.6, watts: 200, throughputPerSecond: 100, source: "flag"))
    // $3.6/h = $0.001/s; 100/s → $0.00001 each → $10 per million.
    XCTAssertEqual(try XCTUnwrap(cost.costPerMillion), 10, accuracy: 1e-9)
    XCTAssertEqual(try XCTUnwrap(cost.joulesPerInference), 2, accuracy: 1e-12)
    XCTAssertNil(CostEstimate(pricePerHour: nil, watts: nil, throughputPerSecond: 100, source: "flag"))
  }
}
