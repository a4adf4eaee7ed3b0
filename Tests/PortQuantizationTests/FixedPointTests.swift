import XCTest

@testable import PortQuantization

/// The requantization arithmetic against its defining formulas, at the edges.
final class FixedPointTests: XCTestCase {
  /// gemmlowp's definition: a·b / 2^31 rounded to nearest, ties upward (its nudge of 2^30 for
  /// positive products and 1 − 2^30 for negative ones, then a truncating division, rounds −0.5 to 0
  /// and +0.5 to 1). Computed here with a floor division instead.
  func reference(_ a: Int32, _ b: Int32) -> Int64 {
    let product = Int64(a) * Int64(b) + (1 << 30)
    let q = product >= 0 ? product / (1 << 31) : -((-product + (1 << 31) - 1) / (1 << 31))
    return q
  }

  func testDoublingHighMulMatchesRoundedProduct() {
    let edges: [Int32] = [0, 1, -1, 2, -2, 1 << 30, -(1 << 30), Int32.max, Int32.min + 1, 12345, -98765, 1 << 16]
    for a in edges {
      for b in edges {
        XCTAssertEqual(Int64(FixedPoint.saturatingRoundingDoublingHighMul(a, b)), reference(a, b), "\(a)·\(b)")
      }
    }
    var generator = SplitMix64(seed: 7)
    for _ in 0..<10_000 {
      let a = Int32(truncatingIfNeeded: generator.next())
      let b = Int32(truncatingIfNeeded: generator.next())
      guard !(a == Int32.min && b == Int32.min) else { continue }
      XCTAssertEqual(Int64(FixedPoint.saturatingRoundingDoublingHighMul(a, b)), reference(a, b), "\(a)·\(b)")
    }
  }

  func testDoublingHighMulSaturatesTheOneOverflow() {
    XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(Int32.min, Int32.min), Int32.max)
    // Exact halves round upward: 1 · 2^30 / 2^31 = 0.5 → 1, −0.5 → 0, −1.5 → −1.
    XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(1, 1 << 30), 1)
    XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(-1, 1 << 30), 0)
    XCTAssertEqual(FixedPoint.saturatingRoundingDoublingHighMul(-3, 1 << 30), -1)
  }

  func testRoundingDivideByPowerOfTwoRoundsHalfAwayFromZero() {
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(5, 1), 3)  // 2.5
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(-5, 1), -3)  // −2.5
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(-4, 1), -2)
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(7, 2), 2)  // 1.75
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(-6, 2), -2)  // −1.5
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(-5, 2), -1)  // −1.25
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(Int32.max, 31), 1)
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(Int32.min, 31), -1)
    XCTAssertEqual(FixedPoint.roundingDivideByPOT(9, 0), 9)
    for x in Int32(-1000)...1000 {
      for e in Int32(1)...6 {
        let exact = Double(x) / Double(1 << e)
        XCTAssertEqual(Double(FixedPoint.roundingDivideByPOT(x, e)), exact.rounded(.toNearestOrAwayFromZero), "\(x) >> \(e)")
      }
    }
  }

  func testQuantizedMultipliers() {
    XCTAssertEqual(FixedPoint.quantize(0.5), FixedPoint.Multiplier(multiplier: 1 << 30, shift: 0))
    XCTAssertEqual(FixedPoint.quantize(1.0), FixedPoint.Multiplier(multiplier: 1 << 30, shift: 1))
    XCTAssertEqual(FixedPoint.quantize(0.25), FixedPoint.Multiplier(multiplier: 1 << 30, shift: -1))
    XCTAssertEqual(FixedPoint.quantize(0.75), FixedPoint.Multiplier(multiplier: 1_610_612_736, shift: 0))
    XCTAssertEqual(FixedPoint.quantize(0), FixedPoint.Multiplier(multiplier: 0, shift: 0))
    // A mantissa that rounds up to 2^31 moves to the next power of two.
    XCTAssertEqual(FixedPoint.quantize(1 - 1e-12), FixedPoint.Multiplier(multiplier: 1 << 30, shift: 1))
    // Too small for 31 bits of shift: zero; too large: saturated.
    XCTAssertEqual(FixedPoint.quantize(1e-12).multiplier, 0)
    XCTAssertEqual(FixedPoint.quantize(1e12), FixedPoint.Multiplier(multiplier: Int32.max, shift: 30))
    for real in [1e-6, 0.001234, 0.3, 0.999, 1.5, 3.7, 100.25] {
      let m = FixedPoint.quantize(real)
      XCTAssertGreaterThanOrEqual(m.multiplier, 1 << 30)
      XCTAssertEqual(FixedPoint.real(m), real, accuracy: real * 1e-9)
    }
  }

  /// x·M through the fixed point is round(x·M) within one unit (two roundings), and exact on halves.
  func testMultiplyMatchesRealProduct() {
    for real in [0.0003, 0.0171, 0.25, 0.49, 0.7, 1.0, 1.9, 4.5] {
      let m = FixedPoint.quantize(real)
      for x in stride(from: Int32(-100_000), through: 100_000, by: 997) {
        let expected = (Double(x) * real).rounded(.toNearestOrAwayFromZero)
        XCTAssertLessThanOrEqual(abs(Double(FixedPoint.multiply(x, m)) - expected), 1, "\(x)·\(real)")
      }
    }
    // TFLite's results, ties and double rounding included: 1.5 → 2 and −1.5 → −1 (the high multiply
    // rounds ties upward); 5 · 0.25 = 1.25 → 2 (2.5 → 3 in the multiply, then 1.5 → 2 in the shift).
    XCTAssertEqual(FixedPoint.multiply(3, FixedPoint.quantize(0.5)), 2)
    XCTAssertEqual(FixedPoint.multiply(-3, FixedPoint.quantize(0.5)), -1)
    XCTAssertEqual(FixedPoint.multiply(5, FixedPoint.quantize(0.25)), 2)
    XCTAssertEqual(FixedPoint.multiply(-5, FixedPoint.quantize(0.25)), -1)
    XCTAssertEqual(FixedPoint.multiply(6, FixedPoint.quantize(0.25)), 2)  // 1.5 → 2, exact multiply
    XCTAssertEqual(FixedPoint.multiply(-6, FixedPoint.quantize(0.25)), -2)  // −1.5 → −2 in the shift
    // A left shift that would overflow (TFLite assumes it does not) saturates instead of wrapping.
    XCTAssertEqual(FixedPoint.multiply(Int32.max, FixedPoint.quantize(4)), 1 << 30)
    XCTAssertEqual(FixedPoint.multiply(Int32.min, FixedPoint.quantize(4)), -(1 << 30))
  }
}
