import PortIR
import PortOps
import PortPasses
import XCTest

final class BatchNormAffineFoldingTests: XCTestCase {
  /// x [1, 3, 4, 4] → BatchNormalization → Mul(s) → Add(c) → Relu, as DenseNet-121's pre-activation.
  func graph(scaleShape: [Int] = [3, 1, 1], shiftShape: [Int] = [1, 3, 1, 1]) -> Graph {
    Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "gamma": Tensor(shape: [3], floats: [0.5, 2, -1.5]), "beta": Tensor(shape: [3], floats: [0.1, -0.2, 0.3]),
        "mean": Tensor(shape: [3], floats: [0.05, -0.4, 1]), "var": Tensor(shape: [3], floats: [0.8, 1.5, 0.25]),
        "s": Tensor(shape: scaleShape, floats: Array([1.5, -0.5, 2, 0.75].prefix(scaleShape.reduce(1, *)))),
        "c": Tensor(shape: shiftShape, floats: Array([0.25, 0.5, -1].prefix(shiftShape.reduce(1, *)))),
      ],
      nodes: [
        Node(name: "bn", opType: "BatchNormalization", inputs: ["x", "gamma", "beta", "mean", "var"], outputs: ["n"], opsetVersion: 15),
        Node(opType: "Mul", inputs: ["n", "s"], outputs: ["m"], opsetVersion: 14),
        Node(opType: "Add", inputs: ["c", "m"], outputs: ["a"], opsetVersion: 14),
        Node(opType: "Relu", inputs: ["a"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["x": .tensor(.float, [1, 3, 4, 4])])
  }

  var inputs: [String: HostValue] { ["x": .tensor(Tensor(shape: [1, 3, 4, 4], floats: sample(48)))] }

  func testMergesScaleAndShift() throws {
    for (scaleShape, shiftShape) in [([3, 1, 1], [1, 3, 1, 1]), ([1], [])] {
      let (before, after) = try checkPass(BatchNormAffineFolding(), graph(scaleShape: scaleShape, shiftShape: shiftShape), inputs)
      XCTAssertEqual(opTypes(before), ["BatchNormalization", "Mul", "Add", "Relu"])
      XCTAssertEqual(opTypes(after), ["BatchNormalization", "Relu"])
      XCTAssertEqual(after.nodes[0].outputs, ["a"])
    }
  }

  func testLeavesSpatialConstants() throws {
    let (_, after) = try checkPass(BatchNormAffineFolding(), graph(scaleShape: [4], shiftShape: [1]), inputs)
    XCTAssertEqual(opTypes(after), ["BatchNormalization", "Mul", "Add", "Relu"])
  }
}
