import PortIR
import PortOps
import PortPasses
import XCTest

final class ShapeFoldingTests: XCTestCase {
  /// Flatten-by-hand: Reshape(x, Concat(Gather(Shape(x), 0), [-1])) on a static [2,3,4] input.
  func testStaticShapeChainBecomesConstant() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: ["zero": Tensor(int64s: [0], shape: []), "minusOne": Tensor(int64s: [-1])],
      nodes: [
        Node(name: "shape", opType: "Shape", inputs: ["x"], outputs: ["s"], opsetVersion: 21),
        Node(name: "gather", opType: "Gather", inputs: ["s", "zero"], outputs: ["n"], opsetVersion: 13),
        Node(
          name: "unsqueeze", opType: "Unsqueeze", inputs: ["n", "zero"], outputs: ["n1"], opsetVersion: 21),
        Node(
          name: "concat", opType: "Concat", inputs: ["n1", "minusOne"], outputs: ["target"],
          attributes: ["axis": .int(0)], opsetVersion: 13),
        Node(name: "reshape", opType: "Reshape", inputs: ["x", "target"], outputs: ["y"], opsetVersion: 21),
      ],
      types: ["x": .tensor(.float, [2, 3, 4])])
    let x = HostValue.tensor(Tensor(shape: [2, 3, 4], floats: sample(24)))
    let (before, after) = try checkPass(ShapeFolding(), graph, ["x": x])
    XCTAssertEqual(opTypes(before), ["Shape", "Gather", "Unsqueeze", "Concat", "Reshape"])
    XCTAssertEqual(opTypes(after), ["Reshape"])
    XCTAssertEqual(after.initializers["target"]?.int64s(), [2, -1])
    XCTAssertEqual(try DeadCodeElimination().run(after).initializers.count, 1)
  }

  func testSymbolicDimensionStays() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: ["zero": Tensor(int64s: [0], shape: []), "one": Tensor(int64s: [1], shape: [])],
      nodes: [
        Node(name: "shape", opType: "Shape", inputs: ["x"], outputs: ["s"], opsetVersion: 21),
        // Dim 0 is symbolic: stays. Dim 1 is static: the Gather folds.
        Node(name: "gather0", opType: "Gather", inputs: ["s", "zero"], outputs: ["n"], opsetVersion: 13),
        Node(name: "gather1", opType: "Gather", inputs: ["s", "one"], outputs: ["c"], opsetVersion: 13),
        Node(name: "mul", opType: "Mul", inputs: ["n", "c"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["x": .tensor(.float, Shape([.symbol("batch"), .fixed(3)]))])
    let x = HostValue.tensor(Tensor(shape: [5, 3], floats: sample(15)))
    let (_, after) = try checkPass(ShapeFolding(), graph, ["x": x])
    XCTAssertEqual(opTypes(after), ["Shape", "Gather", "Mul"])
    XCTAssertEqual(after.initializers["c"]?.int64s(), [3])
  }
}
