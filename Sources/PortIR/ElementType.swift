/// Every element type ONNX defines, numbered as `TensorProto.DataType`.
public enum ElementType: Int, Sendable, CaseIterable, Hashable, Codable {
  case float = 1, uint8 = 2, int8 = 3, uint16 = 4, int16 = 5, int32 = 6, int64 = 7, string = 8, bool = 9
  case float16 = 10, double = 11, uint32 = 12, uint64 = 13, complex64 = 14, complex128 = 15, bfloat16 = 16
  case float8e4m3fn = 17, float8e4m3fnuz = 18, float8e5m2 = 19, float8e5m2fnuz = 20
  case uint4 = 21, int4 = 22, float4e2m1 = 23, float8e8m0 = 24, uint2 = 25, int2 = 26
  case float6e2m3 = 27, float6e3m2 = 28

  /// The name ONNX's textual formats use (`float`, `int64`, `float8e4m3fn`, …).
  public var name: String {
    switch self {
    case .float: "float"
    case .uint8: "uint8"
    case .int8: "int8"
    case .uint16: "uint16"
    case .int16: "int16"
    case .int32: "int32"
    case .int64: "int64"
    case .string: "string"
    case .bool: "bool"
    case .float16: "float16"
    case .double: "double"
    case .uint32: "uint32"
    case .uint64: "uint64"
    case .complex64: "complex64"
    case .complex128: "complex128"
    case .bfloat16: "bfloat16"
    case .float8e4m3fn: "float8e4m3fn"
    case .float8e4m3fnuz: "float8e4m3fnuz"
    case .float8e5m2: "float8e5m2"
    case .float8e5m2fnuz: "float8e5m2fnuz"
    case .uint4: "uint4"
    case .int4: "int4"
    case .float4e2m1: "float4e2m1"
    case .float8e8m0: "float8e8m0"
    case .uint2: "uint2"
    case .int2: "int2"
    case .float6e2m3: "float6e2m3"
    case .float6e3m2: "float6e3m2"
    }
  }

  public init?(name: String) {
    guard let match = ElementType.allCases.first(where: { $0.name == name }) else { return nil }
    self = match
  }

  /// Bits one element occupies in ONNX's packed raw layout (strings: 0).
  public var bitWidth: Int {
    switch self {
    case .string: 0
    case .uint2, .int2: 2
    case .uint4, .int4, .float4e2m1: 4
    case .float6e2m3, .float6e3m2: 6
    case .bool, .uint8, .int8, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0: 8
    case .uint16, .int16, .float16, .bfloat16: 16
    case .float, .int32, .uint32: 32
    case .double, .int64, .uint64, .complex64: 64
    case .complex128: 128
    }
  }

  /// Bytes needed for `count` elements in ONNX's packed raw layout.
  public func byteCount(elements count: Int) -> Int {
    (count * bitWidth + 7) / 8
  }

  public var isFloatingPoint: Bool {
    switch self {
    case .float, .double, .float16, .bfloat16, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz,
      .float4e2m1, .float8e8m0, .float6e2m3, .float6e3m2:
      true
    default: false
    }
  }

  public var isInteger: Bool {
    switch self {
    case .uint8, .int8, .uint16, .int16, .int32, .int64, .uint32, .uint64, .uint4, .int4, .uint2, .int2: true
    default: false
    }
  }

  public var isSignedInteger: Bool {
    switch self {
    case .int8, .int16, .int32, .int64, .int4, .int2: true
    default: false
    }
  }

  public var isComplex: Bool { self == .complex64 || self == .complex128 }

  /// Numeric types whose values widen to Double without loss (all but 64-bit integers and complex).
  public var isNumeric: Bool { isFloatingPoint || isInteger || self == .bool }

  /// The inclusive value range of an integer type (bool: 0...1).
  public var integerRange: ClosedRange<Int64>? {
    switch self {
    case .bool: 0...1
    case .uint2: 0...3
    case .int2: -2...1
    case .uint4: 0...15
    case .int4: -8...7
    case .uint8: 0...255
    case .int8: -128...127
    case .uint16: 0...65535
    case .int16: -32768...32767
    case .uint32: 0...4_294_967_295
    case .int32: Int64(Int32.min)...Int64(Int32.max)
    case .int64: Int64.min...Int64.max
    case .uint64: 0...Int64.max  // values above Int64.max are held as UInt64 bit patterns
    default: nil
    }
  }

  /// The first IR version that allows this type (older models must not use it).
  public var minimumIRVersion: Int {
    switch self {
    case .bfloat16: 4
    case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz: 9
    case .uint4, .int4: 10
    case .float4e2m1: 11
    case .float8e8m0, .uint2, .int2, .float6e2m3, .float6e3m2: 12
    default: 1
    }
  }
}

extension ElementType: CustomStringConvertible {
  public var description: String { name }
}
