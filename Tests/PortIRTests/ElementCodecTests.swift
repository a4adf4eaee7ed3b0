import Foundation
import XCTest

@testable import PortIR

/// The element codecs against ONNX's own conversions.
///
/// Expected bit patterns were computed with onnx 1.22.0 and ml_dtypes 0.6.0 (`.venv/bin/python`):
///
///     x = np.array(inputs, dtype=np.float32)
///     onnx.reference.ops.op_cast.cast_to(x, TensorProto.FLOAT8E4M3FN, saturate).view(np.uint8)
///     # likewise FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT4E2M1 (one code per element)
///     x.astype(np.float16).view(np.uint16); x.astype(ml_dtypes.bfloat16).view(np.uint16)
///     onnx.helper.make_tensor('x', TensorProto.INT4, [5], [-8, 7, 3, -1, 5]).int32_data  # packing
final class ElementCodecTests: XCTestCase {
  /// The inputs, as float32 (the reference casts from float32).
  static let inputs: [Float] = [
    0.0, -0.0, 1.0, -1.5, 0.1, 3.14159, 100.0, 448.0, 464.0, 500.0, 1e6, -1e6, 57344.0, 61440.0, 65504.0, 1e-3,
    1e-7, .infinity, -.infinity, .nan, 0.0625, 0.001953125, 0.0009765625, 17.0, 240.0, 248.0,
  ]

  static let expected: [(ElementType, saturate: Bool, codes: [UInt32])] = [
    (.float8e4m3fn, true, [0, 128, 56, 188, 29, 69, 108, 126, 126, 126, 126, 254, 126, 126, 126, 1, 0, 126, 254, 127, 24, 1, 0, 88, 119, 120]),
    (.float8e4m3fn, false, [0, 128, 56, 188, 29, 69, 108, 126, 126, 127, 127, 255, 127, 127, 127, 1, 0, 127, 255, 127, 24, 1, 0, 88, 119, 120]),
    (.float8e4m3fnuz, true, [0, 0, 64, 196, 37, 77, 116, 127, 127, 127, 127, 255, 127, 127, 127, 1, 0, 127, 255, 128, 32, 2, 1, 96, 127, 127]),
    (.float8e4m3fnuz, false, [0, 0, 64, 196, 37, 77, 116, 128, 128, 128, 128, 128, 128, 128, 128, 1, 0, 128, 128, 128, 32, 2, 1, 96, 127, 128]),
    (.float8e5m2, true, [0, 128, 60, 190, 46, 66, 86, 95, 95, 96, 123, 251, 123, 123, 123, 20, 0, 123, 251, 126, 44, 24, 20, 76, 92, 92]),
    (.float8e5m2, false, [0, 128, 60, 190, 46, 66, 86, 95, 95, 96, 124, 252, 123, 124, 124, 20, 0, 124, 252, 126, 44, 24, 20, 76, 92, 92]),
    (.float8e5m2fnuz, true, [0, 0, 64, 194, 50, 70, 90, 99, 99, 100, 127, 255, 127, 127, 127, 24, 0, 127, 255, 128, 48, 28, 24, 80, 96, 96]),
    (.float8e5m2fnuz, false, [0, 0, 64, 194, 50, 70, 90, 99, 99, 100, 128, 128, 127, 128, 128, 24, 0, 128, 128, 128, 48, 28, 24, 80, 96, 96]),
    // float4e2m1 has no NaN or Inf; saturation does not apply. NaN gives 8 (ml_dtypes' choice,
    // which the backend test data for Cast follows).
    (.float4e2m1, true, [0, 8, 2, 11, 0, 5, 7, 7, 7, 7, 7, 15, 7, 7, 7, 0, 0, 7, 15, 8, 0, 0, 0, 7, 7, 7]),
    (.float4e2m1, false, [0, 8, 2, 11, 0, 5, 7, 7, 7, 7, 7, 15, 7, 7, 7, 0, 0, 7, 15, 8, 0, 0, 0, 7, 7, 7]),
  ]

  static let float16: [UInt16] = [
    0, 32768, 15360, 48640, 11878, 16968, 22080, 24320, 24384, 24528, 31744, 64512, 31488, 31616, 31743, 5145, 2,
    31744, 64512, 32256, 11264, 6144, 5120, 19520, 23424, 23488,
  ]
  static let bfloat16: [UInt16] = [
    0, 32768, 16256, 49088, 15821, 16457, 17096, 17376, 17384, 17402, 18804, 51572, 18272, 18288, 18304, 14979,
    13271, 32640, 65408, 32704, 15744, 15104, 14976, 16776, 17264, 17272,
  ]

  func testMinifloatEncodingMatchesONNX() {
    for (type, saturate, codes) in Self.expected {
      let format = Minifloat.format(for: type)!
      for (index, input) in Self.inputs.enumerated() {
        let code = format.encode(Double(input), saturate: saturate)
        XCTAssertEqual(code, codes[index], "\(type) saturate=\(saturate) of \(input)")
      }
    }
  }

  func testMinifloatDecodingRoundTrips() {
    for (type, _, codes) in Self.expected {
      let format = Minifloat.format(for: type)!
      for code in Set(codes) {
        let value = format.decode(code)
        if value.isNaN { continue }
        // Decoding then encoding a representable value gives the code back (−0 of fnuz aside).
        XCTAssertEqual(format.encode(value, saturate: false), code, "\(type) code \(code) = \(value)")
      }
    }
    XCTAssertEqual(Minifloat.e4m3fn.decode(126), 448)
    XCTAssertTrue(Minifloat.e4m3fn.decode(127).isNaN)
    XCTAssertEqual(Minifloat.e4m3fnuz.decode(127), 240)
    XCTAssertTrue(Minifloat.e4m3fnuz.decode(128).isNaN)
    XCTAssertEqual(Minifloat.e5m2.decode(124), .infinity)
    XCTAssertEqual(Minifloat.e5m2fnuz.decode(127), 57344)
    XCTAssertEqual(Minifloat.e2m1.decode(7), 6)
    XCTAssertEqual(Minifloat.e2m1.decode(9), -0.5)
  }

  func testFloat16AndBFloat16MatchNumPy() {
    for (index, input) in Self.inputs.enumerated() {
      XCTAssertEqual(Float16Bits.fromDouble(Double(input)), Self.float16[index], "float16 of \(input)")
      XCTAssertEqual(BFloat16Bits.fromFloat(input), Self.bfloat16[index], "bfloat16 of \(input)")
    }
    XCTAssertEqual(Float16Bits.toFloat(15360), 1)
    XCTAssertEqual(BFloat16Bits.toFloat(16256), 1)
    XCTAssertEqual(BFloat16Bits.toFloat(49088), -1.5)
  }

  func testTensorsRoundTripEveryFloatFormat() {
    let values: [Double] = [0, 1, -1.5, 0.5, 6]
    for type in [ElementType.float16, .bfloat16, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float4e2m1] {
      let tensor = Tensor(type, shape: [5], doubles: values)
      XCTAssertEqual(tensor.bytes.count, type.byteCount(elements: 5))
      XCTAssertEqual(tensor.doubles(), values, "\(type)")
    }
  }

  func testSubByteIntegerPacking() {
    // onnx.helper.make_tensor('x', INT4, [5], [-8, 7, 3, -1, 5]).int32_data == [120, 243, 5]
    let int4 = Tensor(.int4, shape: [5], int64s: [-8, 7, 3, -1, 5])
    XCTAssertEqual(Array(int4.bytes), [120, 243, 5])
    XCTAssertEqual(int4.int64s(), [-8, 7, 3, -1, 5])
    // UINT4 [15, 0, 9] → [15, 9]
    let uint4 = Tensor(.uint4, shape: [3], int64s: [15, 0, 9])
    XCTAssertEqual(Array(uint4.bytes), [15, 9])
    XCTAssertEqual(uint4.int64s(), [15, 0, 9])
    // FLOAT4E2M1 [0.5, -6.0, 1.5] → [241, 3]
    let float4 = Tensor(.float4e2m1, shape: [3], doubles: [0.5, -6, 1.5])
    XCTAssertEqual(Array(float4.bytes), [241, 3])
    XCTAssertEqual(float4.doubles(), [0.5, -6, 1.5])
    // Integers wrap like a C cast.
    XCTAssertEqual(Tensor(.int4, shape: [2], int64s: [8, -9]).int64s(), [-8, 7])
  }
}
