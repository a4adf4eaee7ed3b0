import Foundation
import PortIR
import XCTest

@testable import PortQuantization

final class SerializationTests: XCTestCase {
  /// A small network through bytes and back: same bytes again, same integers out.
  func testRoundTripGivesIdenticalOutputs() throws {
    let nodes = [
      Node(name: "conv", opType: "Conv", inputs: ["x", "w", "b"], outputs: ["c"], attributes: ["pads": .ints([1, 1, 1, 1])]),
      Node(name: "relu", opType: "Relu", inputs: ["c"], outputs: ["r"]),
      Node(name: "add", opType: "Add", inputs: ["r", "k"], outputs: ["a"]),
      Node(name: "sig", opType: "Sigmoid", inputs: ["a"], outputs: ["s"]),
      Node(name: "gap", opType: "GlobalAveragePool", inputs: ["s"], outputs: ["g"]),
      Node(name: "flat", opType: "Flatten", inputs: ["g"], outputs: ["f"]),
      Node(name: "fc", opType: "Gemm", inputs: ["f", "fw", "fb"], outputs: ["y"], attributes: ["transB": .int(1)]),
    ]
    var g = graph(
      nodes, inputs: ["x": [1, 2, 4, 4]], outputs: ["y": [1, 3]],
      constants: [
        "w": floats((0..<36).map { sin(Double($0)) }, [2, 2, 3, 3]), "b": floats([0.1, -0.2], [2]),
        "k": floats([0.5, -0.25], [1, 2, 1, 1]), "fw": floats((0..<6).map { cos(Double($0)) }, [3, 2]),
        "fb": floats([0, 1, -1], [3]),
      ])
    for (name, shape) in [("c", [1, 2, 4, 4]), ("r", [1, 2, 4, 4]), ("a", [1, 2, 4, 4]), ("s", [1, 2, 4, 4]), ("g", [1, 2, 1, 1]), ("f", [1, 2])] {
      g.types[name] = .tensor(.float, Shape(fixed: shape))
    }
    let samples = try Calibrator.randomSamples(for: g, count: 4)
    let table = try Calibrator(histogramBins: 128).collect(graph: g, samples: samples)
    for settings in [QuantizationSettings(method: .entropy), QuantizationSettings(activationType: .uint8)] {
      let program = try Quantizer.quantize(graph: g, table: table, settings: settings)
      XCTAssertEqual(program.steps.map(\.opType), ["Conv", "Add", "Sigmoid", "GlobalAveragePool", "Flatten", "Gemm"])
      let bytes = program.serialized()
      let reloaded = try QuantizedProgram(serialized: bytes)
      XCTAssertEqual(reloaded.serialized(), bytes)
      for sample in samples {
        let a = try program.run(sample)
        let b = try reloaded.run(sample)
        XCTAssertEqual(a.outputs, b.outputs)
        XCTAssertEqual(a.intermediates, b.intermediates)
        XCTAssertEqual(Set(a.intermediates.keys), ["r", "a", "s", "g", "f", "y"])
      }
      XCTAssertThrowsError(try QuantizedProgram(serialized: bytes.prefix(40)))
      XCTAssertThrowsError(try QuantizedProgram(serialized: Data("nonsense".utf8)))
    }
  }
}
