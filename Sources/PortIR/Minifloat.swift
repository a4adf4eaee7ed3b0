import Foundation

/// float16 bit patterns (IEEE binary16), converted with correct rounding.
public enum Float16Bits {
  public static func toFloat(_ bits: UInt16) -> Float {
    Float(Float16(bitPattern: bits))
  }
  public static func fromDouble(_ value: Double) -> UInt16 {
    Float16(value).bitPattern
  }
}

/// bfloat16: the upper half of a float32, rounded to nearest even.
public enum BFloat16Bits {
  public static func toFloat(_ bits: UInt16) -> Float {
    Float(bitPattern: UInt32(bits) << 16)
  }
  public static func fromFloat(_ value: Float) -> UInt16 {
    if value.isNaN { return value.sign == .minus ? 0xFFC0 : 0x7FC0 }  // keeps the sign, as ml_dtypes does
    let bits = value.bitPattern
    let rounding = ((bits >> 16) & 1) &+ 0x7FFF
    return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
  }
}

/// The small float formats (float8 variants, float4e2m1, float6, e8m0), decoded from their
/// definitions and encoded by nearest-even search over every finite value, as ONNX's Cast defines.
public struct Minifloat: Sendable {
  public enum Specials: Sendable {
    /// IEEE-like: all-ones exponent is Inf (mantissa 0) or NaN.
    case ieee
    /// "fn": no Inf; all-ones exponent and mantissa is NaN.
    case finiteNaNAllOnes
    /// "fnuz": no Inf, no negative zero; the negative-zero pattern is NaN.
    case finiteNaNNegativeZero
    /// Neither Inf nor NaN (float4e2m1, float6).
    case none
    /// e8m0: an exponent only, 0xFF is NaN.
    case exponentOnly
  }

  public let exponentBits: Int
  public let mantissaBits: Int
  public let bias: Int
  public let specials: Specials

  public var width: Int { specials == .exponentOnly ? exponentBits : 1 + exponentBits + mantissaBits }

  public static let e4m3fn = Minifloat(exponentBits: 4, mantissaBits: 3, bias: 7, specials: .finiteNaNAllOnes)
  public static let e4m3fnuz = Minifloat(exponentBits: 4, mantissaBits: 3, bias: 8, specials: .finiteNaNNegativeZero)
  public static let e5m2 = Minifloat(exponentBits: 5, mantissaBits: 2, bias: 15, specials: .ieee)
  public static let e5m2fnuz = Minifloat(exponentBits: 5, mantissaBits: 2, bias: 16, specials: .finiteNaNNegativeZero)
  public static let e2m1 = Minifloat(exponentBits: 2, mantissaBits: 1, bias: 1, specials: .none)
  public static let e2m3 = Minifloat(exponentBits: 2, mantissaBits: 3, bias: 1, specials: .none)
  public static let e3m2 = Minifloat(exponentBits: 3, mantissaBits: 2, bias: 3, specials: .none)
  public static let e8m0 = Minifloat(exponentBits: 8, mantissaBits: 0, bias: 127, specials: .exponentOnly)

  public static func format(for type: ElementType) -> Minifloat? {
    switch type {
    case .float8e4m3fn: e4m3fn
    case .float8e4m3fnuz: e4m3fnuz
    case .float8e5m2: e5m2
    case .float8e5m2fnuz: e5m2fnuz
    case .float4e2m1: e2m1
    case .float6e2m3: e2m3
    case .float6e3m2: e3m2
    case .float8e8m0: e8m0
    default: nil
    }
  }

  var signMask: UInt32 { UInt32(1) << UInt32(exponentBits + mantissaBits) }

  public func decode(_ bits: UInt32) -> Double {
    if specials == .exponentOnly {
      return bits == 0xFF ? .nan : pow(2.0, Double(Int(bits) - bias))
    }
    let negative = bits & signMask != 0
    let exponent = Int((bits >> UInt32(mantissaBits)) & ((1 << UInt32(exponentBits)) - 1))
    let mantissa = Int(bits & ((1 << UInt32(mantissaBits)) - 1))
    let allOnesExponent = (1 << exponentBits) - 1
    switch specials {
    case .ieee where exponent == allOnesExponent:
      return mantissa == 0 ? (negative ? -.infinity : .infinity) : .nan
    case .finiteNaNAllOnes where exponent == allOnesExponent && mantissa == (1 << mantissaBits) - 1:
      return .nan
    case .finiteNaNNegativeZero where bits == signMask:
      return .nan
    default: break
    }
    let scale = Double(1 << mantissaBits)
    let magnitude =
      exponent == 0
      ? Double(mantissa) / scale * pow(2.0, Double(1 - bias))
      : (1 + Double(mantissa) / scale) * pow(2.0, Double(exponent - bias))
    return negative ? -magnitude : magnitude
  }

  /// The positive finite values with their codes, ascending.
  private var positiveTable: [(value: Double, code: UInt32)] {
    let limit: UInt32 = specials == .exponentOnly ? 0xFF : signMask
    var table: [(Double, UInt32)] = []
    for code in 0..<limit {
      let value = decode(code)
      if value.isFinite { table.append((value, code)) }
    }
    return table.sorted { $0.0 < $1.0 }
  }

  /// The NaN pattern for a NaN of the given sign, as ml_dtypes (ONNX's reference Cast) writes it:
  /// ieee formats give the quiet NaN (top mantissa bit) and "fn" formats all ones, both keeping the
  /// sign; fnuz formats have the one NaN. Formats without NaN (float4e2m1, float6) are undefined in
  /// the spec; ml_dtypes, and so the backend test data, give a zero of the opposite sign.
  private func nanCode(negative: Bool) -> UInt32 {
    let sign: UInt32 = negative ? signMask : 0
    switch specials {
    case .ieee: return ((1 << UInt32(exponentBits)) - 1) << UInt32(mantissaBits) | (1 << UInt32(mantissaBits - 1)) | sign
    case .finiteNaNAllOnes: return (signMask - 1) | sign
    case .finiteNaNNegativeZero: return signMask
    case .exponentOnly: return 0xFF
    case .none: return negative ? 0 : signMask
    }
  }

  /// Encodes with round-to-nearest-even. Out of range: saturate to ±max when `saturate`, else
  /// ±Inf (ieee) or NaN; Inf saturates to ±max too. NaN: see `nanCode(negative:)`.
  public func encode(_ value: Double, saturate: Bool) -> UInt32 {
    let table = Minifloat.tables[tableKey] ?? positiveTable
    let maxEntry = table[table.count - 1]
    let negative = value.sign == .minus
    if value.isNaN { return nanCode(negative: negative) }
    let sign: UInt32 = negative && specials != .exponentOnly ? signMask : 0
    let magnitude = abs(value)
    let overflow: UInt32 = {
      if saturate || specials == .none { return maxEntry.code | sign }
      if specials == .ieee { return ((1 << UInt32(exponentBits)) - 1) << UInt32(mantissaBits) | sign }
      return nanCode(negative: negative)
    }()
    if magnitude.isInfinite { return overflow }
    // The value one step past max decides where rounding overflows.
    let step = table.count > 1 ? maxEntry.value - table[table.count - 2].value : maxEntry.value
    if magnitude >= maxEntry.value + step / 2 {
      let tieGoesDown = magnitude == maxEntry.value + step / 2 && maxEntry.code & 1 == 0
      if !tieGoesDown { return overflow }
    }
    // Binary search for the nearest, ties to the even code.
    var low = 0
    var high = table.count - 1
    while low < high {
      let mid = (low + high) / 2
      if table[mid].value < magnitude { low = mid + 1 } else { high = mid }
    }
    var best = table[low]
    if low > 0 {
      let below = table[low - 1]
      let distanceBelow = magnitude - below.value
      let distanceAbove = best.value - magnitude
      if distanceBelow < distanceAbove || (distanceBelow == distanceAbove && below.code & 1 == 0) { best = below }
    }
    if best.value == 0 && specials == .finiteNaNNegativeZero { return 0 }
    if specials == .exponentOnly { return best.code }
    return best.code | sign
  }

  private var tableKey: Int { exponentBits * 100 + mantissaBits * 10 + bias * 1000 + (specials == .ieee ? 1 : 0) }

  private static let tables: [Int: [(value: Double, code: UInt32)]] = {
    var result: [Int: [(value: Double, code: UInt32)]] = [:]
    for format in [e4m3fn, e4m3fnuz, e5m2, e5m2fnuz, e2m1, e2m3, e3m2, e8m0] {
      result[format.tableKey] = format.positiveTable
    }
    return result
  }()
}
