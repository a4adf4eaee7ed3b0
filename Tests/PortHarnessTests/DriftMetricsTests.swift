import PortIR
import PortTarget
import XCTest

@testable import PortHarness

final class DriftMetricsTests: XCTestCase {
  let tolerance = Tolerance(rtol: 0.1, atol: 0.01)

  func testHandComputedMetrics() {
    // errors: 0, 0.5, 0.1, 2 (relative to 1, 2, -4, 4: 0, 0.25, 0.025, 0.5)
    let reference: [Double] = [1, 2, -4, 4]
    let candidate: [Double] = [1, 2.5, -4.1, 6]
    let m = DriftMetrics.compare(reference: reference, candidate: candidate, tolerance: tolerance)
    XCTAssertEqual(m.count, 4)
    XCTAssertEqual(m.maxAbs, 2, accuracy: 1e-12)
    XCTAssertEqual(m.maxRel, 0.5, accuracy: 1e-12)
    XCTAssertEqual(m.meanAbs, (0 + 0.5 + 0.1 + 2) / 4, accuracy: 1e-12)
    XCTAssertEqual(m.rmse, ((0.25 + 0.01 + 4) / 4).squareRoot(), accuracy: 1e-12)
    let dot = 1.0 + 5 + 16.4 + 24
    let norms = (1.0 + 4 + 16 + 16).squareRoot() * (1 + 6.25 + 16.81 + 36).squareRoot()
    XCTAssertEqual(m.cosine, dot / norms, accuracy: 1e-12)
    XCTAssertEqual(m.snrDb!, 10 * log10(37 / 4.26), accuracy: 1e-9)
    // allclose: |err| ≤ 0.01 + 0.1·|ref|: 0 ok; 0.5 > 0.21 bad; 0.1 ≤ 0.41 ok; 2 > 0.41 bad.
    XCTAssertEqual(m.mismatchCount, 2)
    XCTAssertEqual(m.mismatchFraction, 0.5)
    XCTAssertEqual(m.worstIndex, 3)
    XCTAssertFalse(m.pass)
  }

  func testAllcloseBoundaryIsInclusive() {
    let m = DriftMetrics.compare(reference: [10], candidate: [11.01], tolerance: tolerance)
    // 1.01 ≤ 0.01 + 0.1·10 = 1.01 (up to rounding of 11.01): within tolerance like NumPy.
    XCTAssertEqual(m.mismatchCount, 0)
  }

  func testExactMatchHasInfiniteSNR() {
    let m = DriftMetrics.compare(reference: [1, -2, 3], candidate: [1, -2, 3], tolerance: tolerance)
    XCTAssertNil(m.snrDb)
    XCTAssertEqual(m.maxAbs, 0)
    XCTAssertEqual(m.cosine, 1)
    XCTAssertTrue(m.pass)
  }

  func testNaNAndInfinity() {
    let reference: [Double] = [.nan, .nan, .infinity, .infinity, 1, -.infinity]
    let candidate: [Double] = [.nan, 0, .infinity, -.infinity, 1, 5]
    let m = DriftMetrics.compare(reference: reference, candidate: candidate, tolerance: tolerance)
    XCTAssertEqual(m.nanMismatches, 1)
    XCTAssertEqual(m.infMismatches, 2)
    XCTAssertEqual(m.mismatchCount, 3)
    XCTAssertEqual(m.maxAbs, 0, "only finite pairs enter the numerical metrics")
  }

  func testZeroReferenceIsSkippedForRelativeError() {
    let m = DriftMetrics.compare(reference: [0, 2], candidate: [0.005, 2.2], tolerance: tolerance)
    XCTAssertEqual(m.maxRel, 0.1, accuracy: 1e-12)
    XCTAssertEqual(m.mismatchCount, 0)
  }

  func testTopKAgreementOnClassScores() {
    // Two rows of 6 classes. Row 0: same argmax. Row 1: argmax moves but stays in the top 5.
    let reference = Tensor(.float, shape: [2, 6], doubles: [0, 1, 9, 2, 3, 4, /**/ 5, 0, 1, 2, 3, 4])
    let candidate = Tensor(.float, shape: [2, 6], doubles: [0, 1, 8, 2, 3, 4, /**/ 4, 0, 1, 2, 3, 6])
    let m = DriftMetrics.compare(reference: reference, candidate: candidate, tolerance: tolerance)
    XCTAssertEqual(m.top1Agreement, 0.5)
    XCTAssertEqual(m.top5Agreement, 1)
  }

  func testClassifierShapeDetection() {
    XCTAssertEqual(DriftMetrics.classScores([1, 1000]), 1000)
    XCTAssertEqual(DriftMetrics.classScores([1, 1000, 1, 1]), 1000)
    XCTAssertEqual(DriftMetrics.classScores([4, 10]), 10)
    XCTAssertNil(DriftMetrics.classScores([1, 3, 224, 224]))
    XCTAssertNil(DriftMetrics.classScores([1, 1]))
  }

  func testShapeMismatchIsStructural() {
    let m = DriftMetrics.compare(
      reference: .tensor(Tensor(.float, shape: [2], doubles: [1, 2])),
      candidate: .tensor(Tensor(.float, shape: [1, 2], doubles: [1, 2])), tolerance: tolerance)
    XCTAssertNotNil(m.structuralMismatch)
    XCTAssertFalse(m.pass)
  }

  func testIntegersAndStrings() {
    let ints = DriftMetrics.compare(
      reference: Tensor(.int64, shape: [3], int64s: [1, 2, 3]), candidate: Tensor(.int64, shape: [3], int64s: [1, 2, 4]),
      tolerance: Tolerance(rtol: 0, atol: 0))
    XCTAssertEqual(ints.mismatchCount, 1)
    XCTAssertEqual(ints.maxAbs, 1)
    let strings = DriftMetrics.compare(
      reference: Tensor(strings: ["a", "b"], shape: [2]), candidate: Tensor(strings: ["a", "c"], shape: [2]),
      tolerance: tolerance)
    XCTAssertEqual(strings.mismatchCount, 1)
  }

  func testSequencesCompareElementwise() {
    let a = HostValue.sequence([.tensor(Tensor(.float, shape: [1], doubles: [1]))], elementType: .tensor(.float, nil))
    let b = HostValue.sequence([.tensor(Tensor(.float, shape: [1], doubles: [2]))], elementType: .tensor(.float, nil))
    XCTAssertEqual(DriftMetrics.compare(reference: a, candidate: b, tolerance: tolerance).maxAbs, 1)
    let empty = HostValue.sequence([], elementType: .tensor(.float, nil))
    XCTAssertNotNil(DriftMetrics.compare(reference: a, candidate: empty, tolerance: tolerance).structuralMismatch)
  }

  func testLayerComparisonNamesFirstDivergentNode() {
    let graph = Graph(
      inputs: ["x"], outputs: ["z"],
      nodes: [
        Node(name: "a", opType: "Relu", inputs: ["x"], outputs: ["p"]),
        Node(name: "fused_hidden", opType: "Relu", inputs: ["p"], outputs: ["q"]),
        Node(name: "b", opType: "Relu", inputs: ["q"], outputs: ["r"]),
        Node(name: "c", opType: "Relu", inputs: ["r"], outputs: ["z"]),
      ])
    func value(_ v: Double) -> HostValue { .tensor(Tensor(.float, shape: [1], doubles: [v])) }
    let reference = ["p": value(1), "q": value(2), "r": value(3), "z": value(4)]
    // q is not exposed (fused); r is off; z too (downstream).
    let candidate = ["p": value(1), "r": value(3.5), "z": value(4.5)]
    let comparison = LayerComparison.compare(graph: graph, reference: reference, candidate: candidate, tolerance: tolerance)
    XCTAssertEqual(comparison.values.map(\.node), ["a", "b", "c"])
    XCTAssertEqual(comparison.hiddenNodes, 1)
    XCTAssertEqual(comparison.firstDivergent?.node, "b")
  }
}
