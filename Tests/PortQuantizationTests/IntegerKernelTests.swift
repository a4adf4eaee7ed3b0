import Foundation
import PortIR
import XCTest

@testable import PortQuantization

/// Each integer kernel on small cases computed by hand (scales chosen so the arithmetic is visible).
final class IntegerKernelTests: XCTestCase {
  /// 2×2 kernel [127, 0; 0, 1] over 1…9: acc = 127a + d; output scale 8 → M = 1/8, every result a tie.
  func testConvRoundsTiesAwayFromZero() throws {
    let conv = Node(name: "conv", opType: "Conv", inputs: ["x", "w"], outputs: ["y"])
    let g = graph(
      [conv], inputs: ["x": [1, 1, 3, 3]], outputs: ["y": [1, 1, 2, 2]],
      constants: ["w": floats([127, 0, 0, 1], [1, 1, 2, 2])])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["x": (-127, 127), "y": (-1016, 1016)]), settings: symmetricInt8)
    XCTAssertEqual(program.steps.first?.constants["weights"]?.values, [127, 0, 0, 1])
    // 132/8 = 16.5, 260/8 = 32.5, 516/8 = 64.5, 644/8 = 80.5.
    XCTAssertEqual(try integers(program, ["x": floats((1...9).map(Double.init), [1, 1, 3, 3])]), [17, 33, 65, 81])
    let negative = try integers(program, ["x": floats((1...9).map { -Double($0) }, [1, 1, 3, 3])])
    XCTAssertEqual(negative, [-17, -33, -65, -81])
  }

  /// Padding, stride, bias, two groups (depthwise), against the formula computed here.
  func testDepthwiseConvWithPadsStridesAndBias() throws {
    let conv = Node(
      name: "dw", opType: "Conv", inputs: ["x", "w", "b"], outputs: ["y"],
      attributes: ["group": .int(2), "pads": .ints([1, 1, 1, 1]), "strides": .ints([2, 2])])
    let w: [Double] = [1, 2, 3, 127, -127, 5, 6, 7]  // channel 0 max 127, channel 1 max 127
    let g = graph(
      [conv], inputs: ["x": [1, 2, 3, 3]], outputs: ["y": [1, 2, 2, 2]],
      constants: ["w": floats(w, [2, 1, 2, 2]), "b": floats([10, -20], [2])])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["x": (-127, 127), "y": (-127 * 64, 127 * 64)]), settings: symmetricInt8)
    let x = (0..<18).map { Double($0 % 7) - 3 }
    let y = try integers(program, ["x": floats(x, [1, 2, 3, 3])])
    var expected: [Int32] = []
    for c in 0..<2 {
      for oy in 0..<2 {
        for ox in 0..<2 {
          var acc = c == 0 ? 10.0 : -20.0
          for ky in 0..<2 {
            for kx in 0..<2 {
              let (iy, ix) = (oy * 2 - 1 + ky, ox * 2 - 1 + kx)
              guard iy >= 0, iy < 3, ix >= 0, ix < 3 else { continue }
              acc += x[c * 9 + iy * 3 + ix] * w[c * 4 + ky * 2 + kx]
            }
          }
          expected.append(Int32((acc / 64).rounded(.toNearestOrAwayFromZero)))
        }
      }
    }
    XCTAssertEqual(y, expected)
  }

  /// A ReLU after a Conv is fused: one step, clamped at the output's zero.
  func testConvReluFuses() throws {
    let g = graph(
      [
        Node(name: "conv", opType: "Conv", inputs: ["x", "w"], outputs: ["t"]),
        Node(name: "relu", opType: "Relu", inputs: ["t"], outputs: ["y"]),
      ], inputs: ["x": [1, 1, 1, 2]], outputs: ["y": [1, 1, 1, 2]], constants: ["w": floats([1], [1, 1, 1, 1])])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["x": (-127, 127), "y": (0, 127)]), settings: symmetricInt8)
    XCTAssertEqual(program.steps.map(\.opType), ["Conv"])
    XCTAssertEqual(program.steps.first?.outputs, ["y"])
    XCTAssertEqual(try integers(program, ["x": floats([-5, 7], [1, 1, 1, 2])]), [0, 7])
  }

  /// Gemm: A · B + C with B [K, N], per-column weight scales, C in int32 at the input·weight scale.
  func testGemmByHand() throws {
    let gemm = Node(name: "fc", opType: "Gemm", inputs: ["x", "w", "c"], outputs: ["y"])
    let g = graph(
      [gemm], inputs: ["x": [1, 2]], outputs: ["y": [1, 2]],
      constants: ["w": floats([127, 1, 2, -127], [2, 2]), "c": floats([8, -8], [2])])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["x": (-127, 127), "y": (-1016, 1016)]), settings: symmetricInt8)
    // (3·127 − 4·2 + 8)/8 = 47.625 → 48; (3 + 4·127 − 8)/8 = 62.875 → 63.
    XCTAssertEqual(try integers(program, ["x": floats([3, -4], [1, 2])]), [48, 63])
  }

  /// Add rescales both operands to 2·max(scale) with 20 bits of headroom: 10·1 + 14·0.5 = 17 → 8.5 → 9.
  func testAddRequantizesBothInputs() throws {
    let add = Node(name: "add", opType: "Add", inputs: ["a", "b"], outputs: ["y"])
    let g = graph([add], inputs: ["a": [1, 3], "b": [1]], outputs: ["y": [1, 3]])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["a": (-127, 127), "b": (-63.5, 63.5), "y": (-254, 254)]), settings: symmetricInt8)
    let y = try integers(program, ["a": floats([10, -10, 0], [1, 3]), "b": floats([7], [1])])
    XCTAssertEqual(y, [9, -2, 4])  // 17/2 = 8.5 → 9; −3/2 = −1.5 → −2; 7/2 = 3.5 → 4
  }

  /// Mul: (10)(14) = 140 at scale 1·0.5, requantized by 0.25 → 35.
  func testMulByHand() throws {
    let mul = Node(name: "mul", opType: "Mul", inputs: ["a", "b"], outputs: ["y"])
    let g = graph([mul], inputs: ["a": [2], "b": [2]], outputs: ["y": [2]])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["a": (-127, 127), "b": (-63.5, 63.5), "y": (-254, 254)]), settings: symmetricInt8)
    XCTAssertEqual(try integers(program, ["a": floats([10, -3], [2]), "b": floats([7, 0.5], [2])]), [35, -1])
  }

  /// Average pooling rounds half away from zero; max pooling selects.
  func testPoolsByHand() throws {
    let x = floats((0..<16).map { Double($0) - 7 }, [1, 1, 4, 4])
    let attributes: [String: Attribute] = ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])]
    // Windows {−7,−6,−3,−2} {−5,−4,−1,0} {1,2,5,6} {3,4,7,8}: means −4.5 −2.5 3.5 5.5.
    for (op, expected) in [("AveragePool", [Int32(-5), -3, 4, 6]), ("MaxPool", [-2, 0, 6, 8])] {
      let g = graph(
        [Node(name: "pool", opType: op, inputs: ["x"], outputs: ["y"], attributes: attributes)],
        inputs: ["x": [1, 1, 4, 4]], outputs: ["y": [1, 1, 2, 2]])
      let program = try Quantizer.quantize(graph: g, table: ranges(["x": (-127, 127)]), settings: symmetricInt8)
      XCTAssertEqual(try integers(program, ["x": x]), expected, op)
    }
    let global = graph(
      [Node(name: "gap", opType: "GlobalAveragePool", inputs: ["x"], outputs: ["y"])],
      inputs: ["x": [1, 1, 4, 4]], outputs: ["y": [1, 1, 1, 1]])
    let program = try Quantizer.quantize(graph: global, table: ranges(["x": (-127, 127)]), settings: symmetricInt8)
    XCTAssertEqual(try integers(program, ["x": x]), [1])  // (−7…8) sums to 8 → 0.5 → 1
  }

  /// Concat requantizes to the output's scale: 2.5 at scale 1 → 3, −2.5 → −2 (fixed point rounds ties up).
  func testConcatRequantizes() throws {
    let concat = Node(name: "cat", opType: "Concat", inputs: ["a", "b"], outputs: ["y"], attributes: ["axis": .int(1)])
    let g = graph([concat], inputs: ["a": [1, 1], "b": [1, 2]], outputs: ["y": [1, 3]])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["a": (-127, 127), "b": (-63.5, 63.5), "y": (-127, 127)]), settings: symmetricInt8)
    XCTAssertEqual(try integers(program, ["a": floats([3], [1, 1]), "b": floats([2.5, -2.5], [1, 2])]), [3, 3, -2])
  }

  /// Softmax of equal inputs is 1/n; output calibrated on [0, 1] (scale 1/255, zero point −128).
  func testSoftmaxByHand() throws {
    let g = graph(
      [Node(name: "sm", opType: "Softmax", inputs: ["x"], outputs: ["y"])], inputs: ["x": [2, 4]],
      outputs: ["y": [2, 4]])
    let program = try Quantizer.quantize(graph: g, table: ranges(["x": (-127, 127), "y": (0, 1)]))
    let y = try integers(program, ["x": floats([1, 1, 1, 1, 0, 0, 0, 100], [2, 4])])
    XCTAssertEqual(program.parameters["y"], QuantParameters(scale: 1.0 / 255, zeroPoint: -128, type: .int8))
    XCTAssertEqual(Array(y.prefix(4)), [-64, -64, -64, -64])  // 0.25 · 255 = 63.75 → 64
    XCTAssertEqual(Array(y.suffix(4)), [-128, -128, -128, 127])
  }

  /// The lookup table holds quantize(f(dequantize(q))) for every input level.
  func testLookupTableActivations() throws {
    for op in ["Sigmoid", "Tanh", "HardSwish"] {
      let g = graph(
        [Node(name: "f", opType: op, inputs: ["x"], outputs: ["y"])], inputs: ["x": [256]], outputs: ["y": [256]])
      let program = try Quantizer.quantize(
        graph: g, table: ranges(["x": (-8, 8), "y": (-1, 8)]),
        settings: QuantizationSettings(activationType: .uint8))
      let input = try XCTUnwrap(program.parameters["x"])
      let output = try XCTUnwrap(program.parameters["y"])
      let levels = (0..<256).map { input.dequantize(Int32($0)) }
      let y = try integers(program, ["x": Tensor(shape: [256], floats: levels)])
      for (i, v) in levels.enumerated() {
        let x = Double(v)
        let f: Double
        switch op {
        case "Sigmoid": f = 1 / (1 + exp(-x))
        case "Tanh": f = tanh(x)
        default: f = x * max(0, min(1, x / 6 + 0.5))
        }
        // The table comes from the reference kernel; a closed form may land a level away on a tie.
        XCTAssertLessThanOrEqual(abs(Int(y[i]) - Int(output.quantize(f))), 1, "\(op) at level \(i)")
      }
    }
  }

  /// Reshape, Transpose and ReLU alone keep parameters and move or clamp values.
  func testDataMovement() throws {
    let g = graph(
      [
        Node(name: "t", opType: "Transpose", inputs: ["x"], outputs: ["t"], attributes: ["perm": .ints([1, 0])]),
        Node(name: "r", opType: "Relu", inputs: ["t"], outputs: ["y"]),
      ], inputs: ["x": [2, 3]], outputs: ["y": [3, 2]])
    var typed = g
    typed.types["t"] = .tensor(.float, Shape(fixed: [3, 2]))
    let program = try Quantizer.quantize(graph: typed, table: ranges(["x": (-127, 127)]), settings: symmetricInt8)
    XCTAssertEqual(try integers(program, ["x": floats([1, -2, 3, -4, 5, -6], [2, 3])]), [1, 0, 0, 5, 3, 0])
  }

  /// Stride-2 transposed convolution with a diagonal kernel spreads each input over a 2×2 block.
  func testConvTransposeByHand() throws {
    let node = Node(
      name: "up", opType: "ConvTranspose", inputs: ["x", "w"], outputs: ["y"], attributes: ["strides": .ints([2, 2])])
    let g = graph(
      [node], inputs: ["x": [1, 1, 2, 2]], outputs: ["y": [1, 1, 4, 4]],
      constants: ["w": floats([127, 0, 0, 127], [1, 1, 2, 2])])
    let program = try Quantizer.quantize(
      graph: g, table: ranges(["x": (-127, 127), "y": (-127 * 127, 127 * 127)]), settings: symmetricInt8)
    XCTAssertEqual(
      try integers(program, ["x": floats([1, 2, 3, 4], [1, 1, 2, 2])]),
      [1, 0, 2, 0, 0, 1, 0, 2, 3, 0, 4, 0, 0, 3, 0, 4])
  }

  /// Nearest Resize and zero Pad move values: a gather map from the reference kernels, pads at the zero point.
  func testSelections() throws {
    let resize = Node(name: "rs", opType: "Resize", inputs: ["x", "", "scales"], outputs: ["y"], attributes: ["mode": .string("nearest")])
    let g = graph(
      [resize], inputs: ["x": [1, 1, 2, 2]], outputs: ["y": [1, 1, 4, 4]],
      constants: ["scales": floats([1, 1, 2, 2], [4])])
    XCTAssertNil(Quantizer.supports(resize, in: g))
    let program = try Quantizer.quantize(graph: g, table: ranges(["x": (-127, 127)]), settings: symmetricInt8)
    XCTAssertEqual(
      try integers(program, ["x": floats([1, 2, 3, 4], [1, 1, 2, 2])]), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])

    let pad = Node(name: "pad", opType: "Pad", inputs: ["x", "pads"], outputs: ["y"])
    let padded = graph(
      [pad], inputs: ["x": [1, 1, 2, 2]], outputs: ["y": [1, 1, 4, 4]],
      constants: ["pads": Tensor(.int64, shape: [8], int64s: [0, 0, 1, 1, 0, 0, 1, 1])])
    // Asymmetric int8 over [0, 255]: scale 1, zero point −128, so a pad must read −128.
    let asymmetric = try Quantizer.quantize(graph: padded, table: ranges(["x": (0, 255)]))
    XCTAssertEqual(asymmetric.parameters["x"]?.zeroPoint, -128)
    let y = try asymmetric.run(["x": .tensor(floats([1, 2, 3, 4], [1, 1, 2, 2]))]).outputs["y"]?.tensor?.doubles()
    XCTAssertEqual(y, [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0])
    let linear = Node(name: "rl", opType: "Resize", inputs: ["x", "", "scales"], outputs: ["y"], attributes: ["mode": .string("linear")])
    XCTAssertEqual(Quantizer.supports(linear, in: g), "only nearest Resize moves values without arithmetic")
  }

  func testRefusalsNameTheReason() {
    let g = graph(
      [Node(name: "c", opType: "Conv", inputs: ["x", "w"], outputs: ["y"])], inputs: ["x": [1, 1, 3, 3], "w": [1, 1, 2, 2]],
      outputs: ["y": [1, 1, 2, 2]])
    XCTAssertEqual(Quantizer.supports(g.nodes[0], in: g), "weights are not a float constant")
    let other = Node(name: "n", opType: "NonMaxSuppression", inputs: ["x"], outputs: ["y"])
    XCTAssertEqual(Quantizer.supports(other, in: g), "no integer kernel for NonMaxSuppression")
  }
}
