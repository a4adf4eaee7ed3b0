import Foundation

// Reading and writing elements of every type. Wide forms: floating and small integer types
// widen to Double exactly; 64-bit integers to Int64/UInt64; complex to pairs of Double.

public struct Complex: Hashable, Sendable {
  public var real: Double
  public var imaginary: Double
  public init(_ real: Double, _ imaginary: Double) {
    self.real = real
    self.imaginary = imaginary
  }
}

extension Tensor {
  // MARK: Reading

  /// Every element widened to Double. Exact for all types but 64-bit integers beyond 2^53;
  /// complex tensors give their real parts; strings give an empty array.
  public func doubles() -> [Double] {
    let n = count
    if elementType == .string { return [] }
    return bytes.withUnsafeBytes { raw -> [Double] in
      var out = [Double](repeating: 0, count: n)
      out.withUnsafeMutableBufferPointer { dst in
        switch elementType {
        case .float: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self)) }
        case .double: for i in 0..<n { dst[i] = raw.loadUnaligned(fromByteOffset: i * 8, as: Double.self) }
        case .float16:
          for i in 0..<n { dst[i] = Double(Float16Bits.toFloat(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) }
        case .bfloat16:
          for i in 0..<n { dst[i] = Double(BFloat16Bits.toFloat(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))) }
        case .int8: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i, as: Int8.self)) }
        case .uint8, .bool: for i in 0..<n { dst[i] = Double(raw[i]) }
        case .int16: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)) }
        case .uint16: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) }
        case .int32: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)) }
        case .uint32: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
        case .int64: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
        case .uint64: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        case .complex64: for i in 0..<n { dst[i] = Double(raw.loadUnaligned(fromByteOffset: i * 8, as: Float.self)) }
        case .complex128: for i in 0..<n { dst[i] = raw.loadUnaligned(fromByteOffset: i * 16, as: Double.self) }
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0, .float4e2m1, .float6e2m3,
          .float6e3m2:
          let format = Minifloat.format(for: elementType)!
          for i in 0..<n { dst[i] = format.decode(Self.packedBits(raw, index: i, width: elementType.bitWidth)) }
        case .int4, .int2:
          let width = elementType.bitWidth
          for i in 0..<n {
            let bits = Self.packedBits(raw, index: i, width: width)
            let signBit = UInt32(1) << (width - 1)
            dst[i] = Double(Int32(bitPattern: bits ^ signBit) - Int32(signBit))
          }
        case .uint4, .uint2:
          for i in 0..<n { dst[i] = Double(Self.packedBits(raw, index: i, width: elementType.bitWidth)) }
        case .string: break
        }
      }
      return out
    }
  }

  /// Elements as Float (fast path for `float`, widening otherwise).
  public func floats() -> [Float] {
    if elementType == .float {
      let n = count
      return bytes.withUnsafeBytes { raw in
        [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
          for i in 0..<n { buffer[i] = raw.loadUnaligned(fromByteOffset: i * 4, as: Float.self) }
          initialized = n
        }
      }
    }
    return doubles().map { Float($0) }
  }

  /// Integer (and bool) elements as Int64; floating types are truncated toward zero
  /// (NaN and out-of-range values become 0). uint64 values above Int64.max wrap to their bit pattern.
  public func int64s() -> [Int64] {
    let n = count
    switch elementType {
    case .int64:
      return bytes.withUnsafeBytes { raw in (0..<n).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) } }
    case .uint64:
      return bytes.withUnsafeBytes { raw in
        (0..<n).map { Int64(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
      }
    default:
      return doubles().map { value in
        guard value.isFinite, value > -9.3e18, value < 9.3e18 else { return 0 }
        return Int64(value)
      }
    }
  }

  /// Elements as UInt64 (exact for uint64; other integer types sign-extended to their bit pattern).
  public func uint64s() -> [UInt64] {
    if elementType == .uint64 {
      let n = count
      return bytes.withUnsafeBytes { raw in (0..<n).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) } }
    }
    return int64s().map { UInt64(bitPattern: $0) }
  }

  public func complexes() -> [Complex] {
    let n = count
    switch elementType {
    case .complex64:
      return bytes.withUnsafeBytes { raw in
        (0..<n).map {
          Complex(
            Double(raw.loadUnaligned(fromByteOffset: $0 * 8, as: Float.self)),
            Double(raw.loadUnaligned(fromByteOffset: $0 * 8 + 4, as: Float.self)))
        }
      }
    case .complex128:
      return bytes.withUnsafeBytes { raw in
        (0..<n).map {
          Complex(
            raw.loadUnaligned(fromByteOffset: $0 * 16, as: Double.self),
            raw.loadUnaligned(fromByteOffset: $0 * 16 + 8, as: Double.self))
        }
      }
    default:
      return doubles().map { Complex($0, 0) }
    }
  }

  /// The single element of a one-element tensor as Int64 (for shape-like scalars).
  public var scalarInt: Int64? { count == 1 && elementType != .string ? int64s().first : nil }
  public var scalarDouble: Double? { count == 1 && elementType != .string ? doubles().first : nil }

  static func packedBits(_ raw: UnsafeRawBufferPointer, index: Int, width: Int) -> UInt32 {
    let bit = index * width
    let byte = bit / 8
    let shift = bit % 8
    var word = UInt32(raw[byte])
    if shift + width > 8, byte + 1 < raw.count { word |= UInt32(raw[byte + 1]) << 8 }
    return (word >> UInt32(shift)) & ((1 << UInt32(width)) - 1)
  }

  // MARK: Writing

  /// Builds a tensor of any numeric type from Double values, rounding to nearest-even for
  /// floating types (minifloats saturate when `saturate`), and converting integers like a C cast
  /// from the truncated value (wrapping modulo 2^bits).
  public init(_ elementType: ElementType, shape: [Int], doubles values: [Double], saturate: Bool = true) {
    precondition(elementType != .string)
    let n = values.count
    var data = Data(count: elementType.byteCount(elements: n))
    data.withUnsafeMutableBytes { raw in
      switch elementType {
      case .float: for i in 0..<n { raw.storeBytes(of: Float(values[i]), toByteOffset: i * 4, as: Float.self) }
      case .double: for i in 0..<n { raw.storeBytes(of: values[i], toByteOffset: i * 8, as: Double.self) }
      case .float16:
        for i in 0..<n { raw.storeBytes(of: Float16Bits.fromDouble(values[i]), toByteOffset: i * 2, as: UInt16.self) }
      case .bfloat16:
        for i in 0..<n { raw.storeBytes(of: BFloat16Bits.fromFloat(Float(values[i])), toByteOffset: i * 2, as: UInt16.self) }
      case .complex64:
        for i in 0..<n { raw.storeBytes(of: Float(values[i]), toByteOffset: i * 8, as: Float.self) }
      case .complex128:
        for i in 0..<n { raw.storeBytes(of: values[i], toByteOffset: i * 16, as: Double.self) }
      case .bool: for i in 0..<n { raw[i] = values[i] != 0 ? 1 : 0 }
      case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0, .float4e2m1, .float6e2m3,
        .float6e3m2:
        let format = Minifloat.format(for: elementType)!
        for i in 0..<n {
          Self.storePacked(raw, index: i, width: elementType.bitWidth, bits: format.encode(values[i], saturate: saturate))
        }
      default:
        let ints = values.map { value -> Int64 in
          guard value.isFinite else { return 0 }
          if value >= 9.2e18 { return Int64(bitPattern: UInt64(min(value, 1.8e19))) }
          return value <= -9.2e18 ? Int64.min : Int64(value)
        }
        Self.storeIntegers(raw, elementType, ints)
      }
    }
    self.init(elementType, shape: shape, bytes: data)
  }

  /// Builds an integer or bool tensor from Int64 values, wrapping to the type's width like a C cast.
  /// Floating types convert the value.
  public init(_ elementType: ElementType, shape: [Int], int64s values: [Int64]) {
    precondition(elementType != .string)
    if !elementType.isInteger && elementType != .bool {
      self.init(elementType, shape: shape, doubles: values.map(Double.init))
      return
    }
    var data = Data(count: elementType.byteCount(elements: values.count))
    data.withUnsafeMutableBytes { raw in Self.storeIntegers(raw, elementType, values) }
    self.init(elementType, shape: shape, bytes: data)
  }

  public init(_ elementType: ElementType, shape: [Int], uint64s values: [UInt64]) {
    self.init(elementType, shape: shape, int64s: values.map { Int64(bitPattern: $0) })
  }

  public init(_ elementType: ElementType, shape: [Int], complexes values: [Complex]) {
    precondition(elementType.isComplex)
    var data = Data(count: elementType.byteCount(elements: values.count))
    data.withUnsafeMutableBytes { raw in
      for (i, value) in values.enumerated() {
        if elementType == .complex64 {
          raw.storeBytes(of: Float(value.real), toByteOffset: i * 8, as: Float.self)
          raw.storeBytes(of: Float(value.imaginary), toByteOffset: i * 8 + 4, as: Float.self)
        } else {
          raw.storeBytes(of: value.real, toByteOffset: i * 16, as: Double.self)
          raw.storeBytes(of: value.imaginary, toByteOffset: i * 16 + 8, as: Double.self)
        }
      }
    }
    self.init(elementType, shape: shape, bytes: data)
  }

  /// A float32 tensor from Float values, without widening.
  public init(shape: [Int], floats values: [Float]) {
    let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
    self.init(.float, shape: shape, bytes: data)
  }

  /// A scalar or 1-D int64 tensor, the type ONNX uses for shapes and axes.
  public init(int64s values: [Int64], shape: [Int]? = nil) {
    self.init(.int64, shape: shape ?? [values.count], int64s: values)
  }

  static func storeIntegers(_ raw: UnsafeMutableRawBufferPointer, _ type: ElementType, _ values: [Int64]) {
    let n = values.count
    switch type {
    case .bool: for i in 0..<n { raw[i] = values[i] != 0 ? 1 : 0 }
    case .int8, .uint8: for i in 0..<n { raw[i] = UInt8(truncatingIfNeeded: values[i]) }
    case .int16, .uint16:
      for i in 0..<n { raw.storeBytes(of: UInt16(truncatingIfNeeded: values[i]), toByteOffset: i * 2, as: UInt16.self) }
    case .int32, .uint32:
      for i in 0..<n { raw.storeBytes(of: UInt32(truncatingIfNeeded: values[i]), toByteOffset: i * 4, as: UInt32.self) }
    case .int64, .uint64: for i in 0..<n { raw.storeBytes(of: values[i], toByteOffset: i * 8, as: Int64.self) }
    case .int4, .uint4, .int2, .uint2:
      let width = type.bitWidth
      for i in 0..<n {
        storePacked(raw, index: i, width: width, bits: UInt32(truncatingIfNeeded: values[i]) & ((1 << UInt32(width)) - 1))
      }
    default: preconditionFailure("\(type) is not an integer type")
    }
  }

  static func storePacked(_ raw: UnsafeMutableRawBufferPointer, index: Int, width: Int, bits: UInt32) {
    let bit = index * width
    let byte = bit / 8
    let shift = bit % 8
    let mask = (UInt32(1) << UInt32(width)) - 1
    var word = UInt32(raw[byte])
    if shift + width > 8, byte + 1 < raw.count { word |= UInt32(raw[byte + 1]) << 8 }
    word = (word & ~(mask << UInt32(shift))) | ((bits & mask) << UInt32(shift))
    raw[byte] = UInt8(truncatingIfNeeded: word)
    if shift + width > 8, byte + 1 < raw.count { raw[byte + 1] = UInt8(truncatingIfNeeded: word >> 8) }
  }
}
