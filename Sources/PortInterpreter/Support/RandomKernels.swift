import Foundation
import PortIR

/// The random generators' shared source: SplitMix64, seeded from the `seed` attribute when given
/// (so a seeded node repeats its draws), from the system generator otherwise. NumPy's generator
/// is not reproduced, so results match the ONNX tests only in shape, type and distribution.
struct RandomSource {
  private var state: UInt64

  init(node: Node) {
    if let seed = node.attributes["seed"]?.float {
      state = UInt64(truncatingIfNeeded: Int64(seed.bitPattern)) &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
    } else {
      var system = SystemRandomNumberGenerator()
      state = system.next()
    }
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// Standard normal (Box–Muller).
  mutating func normal() -> Double {
    let u = 1 - uniform()
    let v = uniform()
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
  }

  /// The output type: `dtype` when given, `fallback` otherwise.
  static func elementType(_ node: Node, default fallback: ElementType) throws -> ElementType {
    guard let code = node.attributes["dtype"]?.int else { return fallback }
    guard let type = ElementType(rawValue: code), type.isNumeric else {
      throw node.failure("dtype \(code) is not numeric")
    }
    return type
  }
}
