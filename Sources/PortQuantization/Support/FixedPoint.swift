/// Fixed-point requantization as gemmlowp and TensorFlow Lite do it, so the integer executor
/// rounds exactly like an NPU built on the same arithmetic: a real multiplier `M` becomes an int32
/// `multiplier` in Q0.31 (in [2^30, 2^31)) and a power-of-two `shift` (`M ≈ multiplier · 2^(shift − 31)`;
/// positive shifts are applied to the input as a left shift, negative ones as a rounding right shift).
public enum FixedPoint {
  /// A real multiplier in integer form.
  public struct Multiplier: Codable, Sendable, Hashable {
    public var multiplier: Int32
    /// The power of two: > 0 shifts left before the multiply, < 0 divides after it (rounding).
    public var shift: Int32
    public init(multiplier: Int32, shift: Int32) {
      self.multiplier = multiplier
      self.shift = shift
    }
  }

  /// TFLite's `QuantizeMultiplier`: frexp, then round the mantissa to Q0.31.
  public static func quantize(_ real: Double) -> Multiplier {
    guard real.isFinite, real > 0 else { return Multiplier(multiplier: 0, shift: 0) }
    let exponent = real.exponent + 1  // real = mantissa · 2^exponent, mantissa in [0.5, 1)
    let mantissa = real / pow2(exponent)
    var fixed = Int64((mantissa * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero))
    var shift = exponent
    if fixed == 1 << 31 {
      fixed /= 2
      shift += 1
    }
    if shift < -31 { return Multiplier(multiplier: 0, shift: 0) }
    if shift > 30 { return Multiplier(multiplier: Int32.max, shift: 30) }
    return Multiplier(multiplier: Int32(fixed), shift: Int32(shift))
  }

  /// The real value a multiplier stands for.
  public static func real(_ m: Multiplier) -> Double {
    Double(m.multiplier) / 2_147_483_648.0 * pow2(Int(m.shift))
  }

  /// gemmlowp's SaturatingRoundingDoublingHighMul: round(a · b / 2^31), saturating the single
  /// overflow case (a = b = Int32.min). Rounds half away from zero.
  @inline(__always)
  public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
    if a == Int32.min && b == Int32.min { return Int32.max }
    let product = Int64(a) * Int64(b)
    let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
    // C++ integer division truncates toward zero; Swift's `/` does too.
    return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
  }

  /// gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero.
  @inline(__always)
  public static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
    if exponent <= 0 { return x }
    let mask: Int32 = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
    let remainder = x & mask
    let threshold = (mask >> 1) &+ (x < 0 ? 1 : 0)
    return (x >> exponent) &+ (remainder > threshold ? 1 : 0)
  }

  /// TFLite's MultiplyByQuantizedMultiplier: x · M in fixed point. The left shift saturates where
  /// TFLite would overflow (it assumes it does not).
  @inline(__always)
  public static func multiply(_ x: Int32, _ m: Multiplier) -> Int32 {
    let left = m.shift > 0 ? m.shift : 0
    let right = m.shift > 0 ? 0 : -m.shift
    var shifted = x
    if left > 0 {
      let wide = Int64(x) << Int64(left)
      shifted = Int32(clamping: wide)
    }
    return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, m.multiplier), right)
  }

  static func pow2(_ exponent: Int) -> Double { Double(sign: .plus, exponent: exponent, significand: 1) }
}
