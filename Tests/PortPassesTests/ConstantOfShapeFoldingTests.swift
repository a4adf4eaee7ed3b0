import PortIR
import PortOps
import PortPasses
import XCTest

final class ConstantOfShapeFoldingTests: XCTestCase {
  func testConstantShapeBecomesInitializer() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y", "z"],
      initializers: ["shape": Tensor(int64s: [2, 3])],
      nodes: [
        Node(
          name: "fill", opType: "ConstantOfShape", inputs: ["shape"], outputs: ["k"],
          attributes: ["value": .tensor(Tensor(shape: [1], floats: [2.5]))], opsetVersion: 21),
        Node(name: "zeros", opType: "ConstantOfShape", inputs: ["shape"], outputs: ["z0"], opsetVersion: 21),
        Node(name: "add", opType: "Add", inputs: ["x", "k"], outputs: ["y"], opsetVersion: 14),
        Node(name: "sub", opType: "Sub", inputs: ["x", "z0"], outputs: ["z"], opsetVersion: 14),
        // A shape read at run time: stays a node.
        Node(name: "shapeOf", opType: "Shape", inputs: ["x"], outputs: ["s"], opsetVersion: 21),
        Node(name: "dynamic", opType: "ConstantOfShape", inputs: ["s"], outputs: ["unused"], opsetVersion: 21),
      ],
      types: ["x": .tensor(.float, [2, 3])])
    let x = HostValue.tensor(Tensor(shape: [2, 3], floats: sample(6)))
    let (_, after) = try checkPass(ConstantOfShapeFolding(), graph, ["x": x])
    XCTAssertEqual(opTypes(after), ["Add", "Sub", "Shape", "ConstantOfShape"])
    XCTAssertEqual(after.initializers["k"]?.floats(), [2.5, 2.5, 2.5, 2.5, 2.5, 2.5])
    XCTAssertEqual(after.initializers["z0"]?.shape, [2, 3])
  }
}
