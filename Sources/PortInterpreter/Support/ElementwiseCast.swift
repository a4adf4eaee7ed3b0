import Foundation
import PortIR

/// Cast between every pair of element types, as ONNX's Cast defines it (and NumPy computes it):
/// floats to integers truncate toward zero and wrap; integers wrap; float8 saturate when asked;
/// float8e8m0 rounds by `round_mode`; strings parse and format like NumPy's `astype`.
enum ElementwiseCast {
  static func cast(_ x: Tensor, to target: ElementType, node: Node) throws -> Tensor {
    let source = x.elementType
    if source == target { return x }
    let saturate = node.int("saturate", 1) != 0
    if target == .string { return Tensor(strings: try format(x, node: node), shape: x.shape) }
    if source == .string { return try parse(x.strings, to: target, shape: x.shape, node: node) }
    if source.isComplex || target.isComplex { throw node.failure("cannot cast \(source) to \(target)") }
    if target == .float8e8m0 {
      let mode = node.string("round_mode", "up")
      guard ["up", "down", "nearest"].contains(mode) else { throw node.failure("round_mode '\(mode)' is unknown") }
      let bits = x.doubles().map { e8m0(Float($0), saturate: saturate, mode: mode) }
      return Tensor(.float8e8m0, shape: x.shape, bytes: Data(bits))
    }
    if target.isInteger && !source.isFloatingPoint {
      // Integer to integer: exact, wrapping to the target width.
      return Tensor(target, shape: x.shape, int64s: x.int64s())
    }
    if source == .uint64 {
      return Tensor(target, shape: x.shape, doubles: x.uint64s().map { Double($0) }, saturate: saturate)
    }
    return Tensor(target, shape: x.shape, doubles: x.doubles(), saturate: saturate)
  }

  /// float8e8m0 (an exponent only) from a float32, following onnx.numpy_helper.to_float8e8m0:
  /// the sign is dropped, Inf and NaN become 0xFF, and the mantissa rounds the exponent.
  static func e8m0(_ value: Float, saturate: Bool, mode: String) -> UInt8 {
    let bits = value.bitPattern
    var exponent = (bits >> 23) & 0xFF
    if exponent == 0xFF { return 0xFF }
    let roundUp: Bool
    switch mode {
    case "nearest":
      let guardBit = bits & 0x40_0000 != 0
      let roundBit = bits & 0x20_0000 != 0
      let sticky = bits & 0x1F_FFFF != 0
      roundUp = guardBit && (roundBit || sticky || exponent > 0)
    case "up": roundUp = bits & 0x7F_FFFF != 0
    default: roundUp = false
    }
    if roundUp && !(saturate && exponent == 0xFE) { exponent += 1 }
    return UInt8(truncatingIfNeeded: exponent)
  }

  // MARK: Strings

  static func format(_ x: Tensor, node: Node) throws -> [String] {
    switch x.elementType {
    case .bool: return x.int64s().map { $0 != 0 ? "True" : "False" }
    case .int64, .int32, .int16, .int8, .int4, .int2: return x.int64s().map { String($0) }
    case .uint64, .uint32, .uint16, .uint8, .uint4, .uint2: return x.uint64s().map { String($0) }
    case .double: return x.doubles().map { numpyString($0, digits: $0.description, positionalBelow: 1e16) }
    case .float16: return x.doubles().map { numpyString($0, digits: shortestHalf($0), positionalBelow: 1e3) }
    case .complex64, .complex128, .string: throw node.failure("cannot format \(x.elementType) as strings")
    default: return x.doubles().map { numpyString($0, digits: Float($0).description, positionalBelow: 1e6) }
    }
  }

  /// The fewest significant digits that read back as the same float16 (Swift's Float16
  /// description prints integers such as 65504 in full, where NumPy gives "6.55e+04").
  static func shortestHalf(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return Float16(value).description }
    for precision in 0..<8 {
      let text = String(format: "%.\(precision)e", value)
      if let parsed = Double(text), Float16(parsed) == Float16(value) { return text }
    }
    return Float16(value).description
  }

  /// NumPy's `str` of a float scalar: the shortest round-trip digits (which Swift's description
  /// also gives), positional when 1e-4 <= |x| < `positionalBelow` (1e16 for double, 1e6 for
  /// float, 1e3 for float16) and scientific otherwise ("1e-05", "1.2345679e+08").
  static func numpyString(_ value: Double, digits swift: String, positionalBelow: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let positional = value == 0 || (abs(value) >= 1e-4 && abs(value) < positionalBelow)
    var text = swift
    var negative = false
    if text.hasPrefix("-") {
      negative = true
      text.removeFirst()
    }
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponent = Int(text[text.index(after: e)...]) ?? 0
      text = String(text[..<e])
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let integer = String(parts[0])
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    // Digits d1 d2 ... with the decimal point after `point` digits.
    var digits = integer + fraction
    var point = integer.count + exponent
    while digits.hasPrefix("0") && digits.count > 1 {
      digits.removeFirst()
      point -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    if digits == "0" { return negative ? "-0.0" : "0.0" }
    let decimalExponent = point - 1
    var result: String
    if !positional {
      let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
      let sign = decimalExponent < 0 ? "-" : "+"
      let magnitude = abs(decimalExponent)
      result = "\(mantissa)e\(sign)\(magnitude < 10 ? "0" : "")\(magnitude)"
    } else if point <= 0 {
      result = "0." + String(repeating: "0", count: -point) + digits
    } else if point >= digits.count {
      result = digits + String(repeating: "0", count: point - digits.count) + ".0"
    } else {
      let index = digits.index(digits.startIndex, offsetBy: point)
      result = digits[..<index] + "." + digits[index...]
    }
    return negative ? "-" + result : result
  }

  static func parse(_ strings: [String], to target: ElementType, shape: [Int], node: Node) throws -> Tensor {
    func fail(_ text: String) -> PortError { node.failure("cannot parse '\(text)' as \(target)") }
    let trimmed = strings.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    if target == .bool {
      return Tensor(
        .bool, shape: shape,
        int64s: try trimmed.map { text -> Int64 in
          switch text.lowercased() {
          case "true": return 1
          case "false", "": return 0
          default:
            guard let value = Double(text) else { throw fail(text) }
            return value != 0 ? 1 : 0
          }
        })
    }
    if target.isInteger {
      if target == .uint64 {
        return Tensor(
          target, shape: shape,
          uint64s: try trimmed.map { text in
            guard let value = UInt64(text.hasPrefix("+") ? String(text.dropFirst()) : text) else { throw fail(text) }
            return value
          })
      }
      return Tensor(
        target, shape: shape,
        int64s: try trimmed.map { text in
          guard let value = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) else { throw fail(text) }
          return value
        })
    }
    let values = try trimmed.map { text -> Double in
      // Python's float() accepts "inf", "infinity", "nan" in any case; Swift's parser agrees.
      if target == .float, let value = Float(text) { return Double(value) }
      guard let value = Double(text) else { throw fail(text) }
      return value
    }
    return Tensor(target, shape: shape, doubles: values, saturate: node.int("saturate", 1) != 0)
  }
}
