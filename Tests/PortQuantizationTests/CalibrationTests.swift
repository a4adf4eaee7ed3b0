import Foundation
import PortIR
import XCTest

@testable import PortQuantization

final class CalibrationTests: XCTestCase {
  /// Widening merges bins exactly: counts are kept and every value stays in the bin that covers it.
  func testHistogramWidensExactly() {
    var statistics = ValueStatistics(half: 8)
    statistics.add([0.1, -0.2, 0.3])
    statistics.add([5, -7.5])
    XCTAssertEqual(statistics.bins.reduce(0, +), 5)
    XCTAssertEqual(statistics.min, -7.5)
    XCTAssertEqual(statistics.max, 5)
    XCTAssertGreaterThan(statistics.binWidth * Double(statistics.half), 7.5)
    for v in [0.1, -0.2, 0.3, 5, -7.5] {
      let index = Int((v / statistics.binWidth).rounded(.down)) + statistics.half
      XCTAssertGreaterThan(statistics.bins[index], 0, "\(v)")
    }
  }

  /// Percentile clips a rare outlier that min/max keeps; entropy clips a long thin tail.
  func testPercentileAndEntropyClipOutliers() {
    var statistics = ValueStatistics(half: 2048)
    var generator = SplitMix64(seed: 3)
    var values: [Double] = []
    for _ in 0..<100_000 {
      // A Laplace-like bulk within a few units.
      let u = generator.unit() - 0.5
      values.append((u < 0 ? 1 : -1) * log(1 - 2 * abs(u)))
    }
    values.append(200)
    statistics.add(values)
    let minMax = statistics.range(QuantizationSettings(method: .minMax))
    XCTAssertEqual(minMax.hi, 200)
    let percentile = statistics.range(QuantizationSettings(method: .percentile, percentile: 99.99))
    XCTAssertLessThan(percentile.hi, 20)
    XCTAssertGreaterThan(percentile.hi, 5)
    let entropy = statistics.range(QuantizationSettings(method: .entropy))
    XCTAssertLessThan(entropy.hi, 50)
    XCTAssertGreaterThan(entropy.hi, 2)
  }

  func testCollectRunsTheFloatGraph() throws {
    let g = graph(
      [Node(name: "r", opType: "Relu", inputs: ["x"], outputs: ["y"])], inputs: ["x": [4]], outputs: ["y": [4]])
    let samples = try Calibrator.randomSamples(for: g, count: 3)
    let table = try Calibrator(histogramBins: 64).collect(graph: g, samples: samples)
    XCTAssertEqual(table.samples, 3)
    XCTAssertEqual(table["y"]?.min, 0)
    XCTAssertEqual(table["y"]?.count, 12)
    XCTAssertLessThan(try XCTUnwrap(table["x"]?.min), 0)
  }

  /// A model's own QuantizeLinear → DequantizeLinear pairs keep their scale and zero point, and
  /// DequantizeLinear weights keep their integers and per-channel scales.
  func testQDQScalesAreKept() throws {
    let nodes = [
      Node(name: "q", opType: "QuantizeLinear", inputs: ["x", "s", "z"], outputs: ["xq"]),
      Node(name: "dq", opType: "DequantizeLinear", inputs: ["xq", "s", "z"], outputs: ["xd"]),
      Node(name: "wdq", opType: "DequantizeLinear", inputs: ["wq", "ws"], outputs: ["w"], attributes: ["axis": .int(0)]),
      Node(name: "conv", opType: "Conv", inputs: ["xd", "w"], outputs: ["y"]),
    ]
    let g = graph(
      nodes, inputs: ["x": [1, 1, 2, 2]], outputs: ["y": [1, 2, 2, 2]],
      constants: [
        "s": floats([0.05], []), "z": Tensor(.int8, shape: [], int64s: [3]),
        "wq": Tensor(.int8, shape: [2, 1, 1, 1], int64s: [100, -50]), "ws": floats([0.01, 0.02], [2]),
      ])
    XCTAssertNil(Quantizer.supports(nodes[0], in: g))
    XCTAssertNil(Quantizer.supports(nodes[1], in: g))
    XCTAssertNil(Quantizer.supports(nodes[2], in: g))
    let program = try Quantizer.quantize(graph: g, table: ranges(["x": (-1, 1), "y": (-2, 2)]))
    XCTAssertEqual(program.parameters["x"], QuantParameters(scale: 0.05, zeroPoint: 3, type: .int8))
    XCTAssertEqual(program.steps.map(\.opType), ["Conv"])
    XCTAssertEqual(program.steps.first?.constants["weights"]?.values, [100, -50])
  }
}
