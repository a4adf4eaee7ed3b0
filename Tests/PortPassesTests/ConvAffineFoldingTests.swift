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
}
