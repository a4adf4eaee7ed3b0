import PortIR
import PortOps
import PortPasses
import XCTest

final class LayerNormRecognitionTests: XCTestCase {
  /// The LayerNorm PyTorch exports at opset < 17, over the last axis of x [2, 3, 8].
  func graph(square: String = "Pow", beta: Bool = true, axes: [Int64] = [-1]) -> Graph {
    var nodes = [
      Node(opType: "ReduceMean", inputs: ["x", "axes"], outputs: ["m"], opsetVersion: 18),
      Node(opType: "Sub", inputs: ["x", "m"], outputs: ["d"], opsetVersion: 14),
      square == "Pow"
        ? Node(opType: "Pow", inputs: ["d", "two"], outputs: ["p"], opsetVersion: 15)
        : Node(opType: "Mul", inputs: ["d", "d"], outputs: ["p"], opsetVersion: 14),
      Node(opType: "ReduceMean", inputs: ["p", "axes"], outputs: ["v"], opsetVersion: 18),
      Node(opType: "Add", inputs: ["v", "eps"], outputs: ["ve"], opsetVersion: 14),
      Node(opType: "Sqrt", inputs: ["ve"], outputs: ["s"], opsetVersion: 13),
      Node(opType: "Div", inputs: ["d", "s"], outputs: ["n"], opsetVersion: 14),
      Node(opType: "Mul", inputs: ["n", "gamma"], outputs: [beta ? "g" : "y"], opsetVersion: 14),
    ]
    if beta { nodes.append(Node(name: "ln", opType: "Add", inputs: ["g", "beta"], outputs: ["y"], opsetVersion: 14)) }
    return Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "axes": Tensor(int64s: axes, shape: [1]), "two": Tensor(shape: [], floats: [2]),
        "eps": Tensor(shape: [], floats: [1e-5]), "gamma": Tensor(shape: [8], floats: sample(8, seed: 2)),
        "beta": Tensor(shape: [8], floats: sample(8, seed: 3)),
      ],
      nodes: nodes, types: ["x": .tensor(.float, [2, 3, 8])])
  }

  var inputs: [String: HostValue] { ["x": .tensor(Tensor(shape: [2, 3, 8], floats: sample(48)))] }

  func testRecognizesTheDecomposedForms() throws {
    for (square, beta, axes) in [("Pow", true, [Int64(-1)]), ("Mul", false, [2])] {
      let (before, after) = try checkPass(LayerNormRecognition(), graph(square: square, beta: beta, axes: axes), inputs)
      XCTAssertEqual(before.nodes.count, beta ? 9 : 8)
      XCTAssertEqual(opTypes(after), ["LayerNormalization"])
      let node = try XCTUnwrap(after.nodes.first)
      XCTAssertEqual(node.inputs.count, beta ? 3 : 2)
      XCTAssertEqual(node.inputs.first, "x")
      XCTAssertEqual(node[attribute: "axis"], .int(-1))
      XCTAssertEqual(node[attribute: "epsilon"]?.float, 1e-5)
    }
  }

  func testLeavesOtherAxesAndSharedValues() throws {
    let (_, a) = try checkPass(LayerNormRecognition(), graph(axes: [1]), inputs)
    XCTAssertEqual(a.nodes.count, 9)
    var shared = graph()
    shared.outputs.append("v")
    let (_, b) = try checkPass(LayerNormRecognition(), shared, inputs)
    XCTAssertEqual(b.nodes.count, 9)
  }
}
