import Foundation
import PortIR
import PortInterpreter
import XCTest

@testable import PortQuantization

/// A calibration table with the given ranges (min and max are what min/max calibration uses).
func ranges(_ values: [String: (Double, Double)]) -> CalibrationTable {
  var table = CalibrationTable()
  for (name, (lo, hi)) in values {
    var statistics = ValueStatistics(half: 16)
    statistics.add([lo, hi])
    table.statistics[name] = statistics
  }
  table.samples = 1
  return table
}

/// int8, symmetric, min/max: a range of ±127·s gives scale s and zero point 0.
let symmetricInt8 = QuantizationSettings(method: .minMax, activationType: .int8, symmetricActivations: true)

/// A one-graph model from nodes, typed float inputs and outputs, and float constants.
func graph(
  _ nodes: [Node], inputs: [String: [Int]], outputs: [String: [Int]], constants: [String: Tensor] = [:],
  order: [String]? = nil
) -> Graph {
  var types: [String: ValueType] = [:]
  for (name, shape) in inputs { types[name] = .tensor(.float, Shape(fixed: shape)) }
  for (name, shape) in outputs { types[name] = .tensor(.float, Shape(fixed: shape)) }
  return Graph(
    inputs: order ?? inputs.keys.sorted(), outputs: outputs.keys.sorted(), initializers: constants, nodes: nodes,
    types: types)
}

func floats(_ values: [Double], _ shape: [Int]) -> Tensor { Tensor(.float, shape: shape, doubles: values) }

/// The integer outputs of a program for float inputs.
func integers(_ program: QuantizedProgram, _ inputs: [String: Tensor], _ output: String = "y") throws -> [Int32] {
  try program.runIntegers(inputs.mapValues { .tensor($0) })[output]?.values ?? []
}

/// Cosine similarity of two float tensors' values.
func cosine(_ a: [Double], _ b: [Double]) -> Double {
  var dot = 0.0
  var na = 0.0
  var nb = 0.0
  for (x, y) in zip(a, b) {
    dot += x * y
    na += x * x
    nb += y * y
  }
  return na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : (na == nb ? 1 : 0)
}
