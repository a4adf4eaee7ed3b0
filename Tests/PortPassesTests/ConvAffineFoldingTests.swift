import PortIR
import PortOps
import PortPasses
import XCTest

final class ConvAffineFoldingTests: XCTestCase {
  /// x [1, 2, 5, 5] → Conv (W [3, 2, 3, 3], bias?) → Mul(scale) → Add(shift) → Relu.
  func graph(bias: Bool, scaleShape: [Int], shiftShape: [Int], variableWeights: Bool = false) -> Graph {
    var graph = Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "W": Tensor(shape: [3, 2, 3, 3], floats: sample(54, seed: 2)),
        "B": Tensor(shape: [3], floats: [0.1, -0.2, 0.3]),
        "scale": Tensor(shape: scaleShape, floats: Array([1.5, -0.5, 2].prefix(scaleShape.reduce(1, *)))),
        "shift": Tensor(shape: shiftShape, floats: Array([0.25, 0.5, -1].prefix(shiftShape.reduce(1, *)))),
      ],
      nodes: [
        Node(name: "conv", opType: "Conv", inputs: bias ? ["x", "W", "B"] : ["x", "W"], outputs: ["c"], opsetVersion: 11),
        Node(opType: "Mul", inputs: ["scale", "c"], outputs: ["m"], opsetVersion: 14),
        Node(opType: "Add", inputs: ["m", "shift"], outputs: ["a"], opsetVersion: 14),
        Node(opType: "Relu", inputs: ["a"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["x": .tensor(.float, [1, 2, 5, 5])])
    if variableWeights {
      graph.inputs.append("W")
      graph.types["W"] = .tensor(.float, [3, 2, 3, 3])
    }
    return graph
  }

  var inputs: [String: HostValue] { ["x": .tensor(Tensor(shape: [1, 2, 5, 5], floats: sample(50)))] }

  func testFoldsScaleAndShift() throws {
    for (bias, scaleShape, shiftShape) in [(false, [1], [1]), (true, [1, 3, 1, 1], [3, 1, 1]), (true, [], [1, 3, 1, 1])] {
      let (_, after) = try checkPass(ConvAffineFolding(), graph(bias: bias, scaleShape: scaleShape, shiftShape: shiftShape), inputs)
      XCTAssertEqual(opTypes(after), ["Conv", "Relu"])
      XCTAssertEqual(after.nodes[0].outputs, ["a"])
      XCTAssertEqual(after.nodes[0].inputs.count, 3)
    }
  }

  func testLeavesVariableWeightsAndSpatialConstants() throws {
    var inputs = self.inputs
    inputs["W"] = .tensor(Tensor(shape: [3, 2, 3, 3], floats: sample(54, seed: 9)))
    let (_, variable) = try checkPass(
      ConvAffineFolding(), graph(bias: false, scaleShape: [1], shiftShape: [1], variableWeights: true), inputs)
    XCTAssertEqual(opTypes(variable), ["Conv", "Mul", "Add", "Relu"])
    // A scale over the last (spatial) axis is not per channel.
    let (_, spatial) = try checkPass(ConvAffineFolding(), graph(bias: true, scaleShape: [3], shiftShape: [1]), self.inputs)
    XCTAssertEqual(opTypes(spatial), ["Conv", "Mul", "Add", "Relu"])
  }

  /// ConvTranspose (group 2) → Add(bias [1, 4, 1, 1]) → BatchNormalization → Relu, as PP-OCR's head.
  func testFoldsBiasAndBatchNormIntoConvTranspose() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "W": Tensor(shape: [2, 2, 2, 2], floats: sample(16, seed: 2)),
        "bias": Tensor(shape: [1, 4, 1, 1], floats: [0.1, -0.2, 0.3, 0.4]),
        "gamma": Tensor(shape: [4], floats: [0.5, 2, -1.5, 1]), "beta": Tensor(shape: [4], floats: [0.1, -0.2, 0.3, 0]),
        "mean": Tensor(shape: [4], floats: [0.05, -0.4, 1, 0.2]), "var": Tensor(shape: [4], floats: [0.8, 1.5, 0.25, 1]),
      ],
      nodes: [
        Node(
          name: "deconv", opType: "ConvTranspose", inputs: ["x", "W"], outputs: ["c"],
          attributes: ["group": .int(2), "strides": .ints([2, 2])], opsetVersion: 11),
        Node(opType: "Add", inputs: ["c", "bias"], outputs: ["cb"], opsetVersion: 14),
        Node(opType: "BatchNormalization", inputs: ["cb", "gamma", "beta", "mean", "var"], outputs: ["n"], opsetVersion: 15),
        Node(opType: "Relu", inputs: ["n"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["x": .tensor(.float, [1, 2, 3, 3])])
    let input: [String: HostValue] = ["x": .tensor(Tensor(shape: [1, 2, 3, 3], floats: sample(18)))]
    let (_, after) = try checkPass(ConvAffineFolding(), graph, input)
    XCTAssertEqual(opTypes(after), ["ConvTranspose", "Relu"])
    XCTAssertEqual(after.nodes[0].outputs, ["n"])
    XCTAssertEqual(after.initializers[after.nodes[0].inputs[2]]?.shape, [4])
  }
}
