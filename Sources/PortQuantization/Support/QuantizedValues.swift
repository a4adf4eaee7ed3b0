import Foundation
import PortIR

/// The integer type a value is stored in on the accelerator.
public enum IntegerType: String, Codable, Sendable, Hashable {
  case int8, uint8, int32

  public var range: ClosedRange<Int32> {
    switch self {
    case .int8: return -128...127
    case .uint8: return 0...255
    case .int32: return Int32.min...Int32.max
    }
  }

  public var elementType: ElementType {
    switch self {
    case .int8: return .int8
    case .uint8: return .uint8
    case .int32: return .int32
    }
  }
}

/// Affine quantization of one activation tensor: real = scale · (q − zeroPoint), q in `type`'s range.
public struct QuantParameters: Codable, Sendable, Hashable, CustomStringConvertible {
  public var scale: Float
  public var zeroPoint: Int32
  public var type: IntegerType

  public init(scale: Float, zeroPoint: Int32, type: IntegerType) {
    self.scale = scale
    self.zeroPoint = zeroPoint
    self.type = type
  }

  public var qmin: Int32 { type.range.lowerBound }
  public var qmax: Int32 { type.range.upperBound }

  /// The real value q stands for.
  @inline(__always)
  public func dequantize(_ q: Int32) -> Float { scale * Float(q - zeroPoint) }

  /// The nearest q (ties to even, as ONNX QuantizeLinear), saturated to the type.
  @inline(__always)
  public func quantize(_ x: Double) -> Int32 {
    let scaled = (x / Double(scale)).rounded(.toNearestOrEven) + Double(zeroPoint)
    if scaled.isNaN { return zeroPoint }
    return Int32(max(Double(qmin), min(Double(qmax), scaled)))
  }

  /// The parameters that cover [lo, hi] (widened to include 0, so real zero — padding, ReLU — is exact).
  public static func covering(
    lo: Double, hi: Double, type: IntegerType, symmetric: Bool
  ) -> QuantParameters {
    var lo = min(lo, 0)
    var hi = max(hi, 0)
    if !lo.isFinite { lo = -Double(Float.greatestFiniteMagnitude) }
    if !hi.isFinite { hi = Double(Float.greatestFiniteMagnitude) }
    let qmin = Double(type.range.lowerBound)
    let qmax = Double(type.range.upperBound)
    if symmetric {
      let bound = max(-lo, hi)
      switch type {
      case .uint8:
        // Zero at mid-range, as ONNX Runtime's symmetric uint8.
        let scale = bound > 0 ? Float(2 * bound / 255) : 1
        return QuantParameters(scale: scale, zeroPoint: 128, type: type)
      default:
        let scale = bound > 0 ? Float(bound / 127) : 1
        return QuantParameters(scale: scale, zeroPoint: 0, type: type)
      }
    }
    guard hi > lo else { return QuantParameters(scale: 1, zeroPoint: type == .uint8 ? 0 : 0, type: type) }
    let scale = Float((hi - lo) / (qmax - qmin))
    let zero = (qmin - lo / Double(scale)).rounded(.toNearestOrEven)
    return QuantParameters(scale: scale, zeroPoint: Int32(max(qmin, min(qmax, zero))), type: type)
  }

  public var description: String { "\(type) scale \(scale) zero \(zeroPoint)" }
}

/// An integer tensor while the program runs: values widened to Int32 (int8/uint8 content), row-major.
public struct QTensor: Sendable {
  public var shape: [Int]
  public var values: [Int32]
  public var parameters: QuantParameters

  public init(shape: [Int], values: [Int32], parameters: QuantParameters) {
    self.shape = shape
    self.values = values
    self.parameters = parameters
  }

  public var count: Int { values.count }

  /// Quantizes a float tensor.
  public init(quantizing tensor: Tensor, _ parameters: QuantParameters) {
    self.shape = tensor.shape
    self.parameters = parameters
    self.values = tensor.doubles().map { parameters.quantize($0) }
  }

  /// The real values, as a float32 tensor (or `elementType`).
  public func dequantized(as elementType: ElementType = .float) -> Tensor {
    let p = parameters
    if elementType == .float { return Tensor(shape: shape, floats: values.map { p.dequantize($0) }) }
    return Tensor(elementType, shape: shape, doubles: values.map { Double(p.dequantize($0)) })
  }
}

/// A constant of the program: weights (8 bits), bias, multipliers, shifts, tables (32 bits).
public struct IntegerBlob: Sendable, Hashable {
  public var shape: [Int]
  public var values: [Int32]
  /// The width it is stored in: 8 (int8 content) or 32.
  public var bits: Int

  public init(shape: [Int], values: [Int32], bits: Int) {
    self.shape = shape
    self.values = values
    self.bits = bits
  }

  public init(int8 values: [Int32], shape: [Int]) { self.init(shape: shape, values: values, bits: 8) }
  public init(int32 values: [Int32], shape: [Int]? = nil) {
    self.init(shape: shape ?? [values.count], values: values, bits: 32)
  }
}
