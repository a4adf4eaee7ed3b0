import PortIR
import PortOps
import PortPasses
import XCTest

final class BatchNormFoldingTests: XCTestCase {
  /// x [1,2,5,5] → Conv(W [3,2,3,3], bias?) → BatchNormalization → y
  func convBN(bias: Bool, extraReader: Bool = false) -> Graph {
    var initializers: [String: Tensor] = [
      "W": Tensor(shape: [3, 2, 3, 3], floats: sample(54, seed: 2)),
      "scale": Tensor(shape: [3], floats: [0.5, 2, -1.5]),
      "B": Tensor(shape: [3], floats: [0.1, -0.2, 0.3]),
      "mean": Tensor(shape: [3], floats: [0.05, -0.4, 1]),
      "var": Tensor(shape: [3], floats: [0.8, 1.5, 0.25]),
    ]
    if bias { initializers["b"] = Tensor(shape: [3], floats: [1, -1, 0.5]) }
    var nodes = [
      Node(
        name: "conv", opType: "Conv", inputs: bias ? ["x", "W", "b"] : ["x", "W"], outputs: ["c"],
        attributes: ["pads": .ints([1, 1, 1, 1])], opsetVersion: 11),
      Node(
        name: "bn", opType: "BatchNormalization", inputs: ["c", "scale", "B", "mean", "var"], outputs: ["y"],
        attributes: ["epsilon": .float(1e-3)], opsetVersion: 15),
    ]
    var outputs = ["y"]
    if extraReader {
      nodes.append(Node(name: "relu", opType: "Relu", inputs: ["c"], outputs: ["r"], opsetVersion: 14))
      outputs.append("r")
    }
    return Graph(
      inputs: ["x"], outputs: outputs, initializers: initializers, nodes: nodes,
      types: ["x": .tensor(.float, [1, 2, 5, 5])])
  }

  var input: [String: HostValue] { ["x": .tensor(Tensor(shape: [1, 2, 5, 5], floats: sample(50)))] }

  func testFoldsIntoConvWithAndWithoutBias() throws {
    for bias in [false, true] {
      let (before, after) = try checkPass(BatchNormFolding(), convBN(bias: bias), input, rtol: 1e-5, atol: 1e-6)
      XCTAssertEqual(opTypes(before), ["Conv", "BatchNormalization"])
      XCTAssertEqual(opTypes(after), ["Conv"])
      XCTAssertEqual(after.nodes[0].outputs, ["y"])
      XCTAssertEqual(after.nodes[0].inputs.count, 3)
      // The old parameters are now unread; dead code elimination drops them.
      let cleaned = try DeadCodeElimination().run(after)
      XCTAssertEqual(cleaned.initializers.count, 2)
    }
  }

  func testLeavesConvWithAnotherReader() throws {
    let (_, after) = try checkPass(BatchNormFolding(), convBN(bias: true, extraReader: true), input)
    XCTAssertEqual(opTypes(after), ["Conv", "BatchNormalization", "Relu"])
  }

  func testLeavesNonConstantParameters() throws {
    var graph = convBN(bias: false)
    graph.initializers["scale"] = nil
    graph.inputs.append("scale")
    graph.types["scale"] = .tensor(.float, [3])
    var inputs = input
    inputs["scale"] = .tensor(Tensor(shape: [3], floats: [1, 2, 3]))
    let (_, after) = try checkPass(BatchNormFolding(), graph, inputs)
    XCTAssertEqual(opTypes(after), ["Conv", "BatchNormalization"])
  }
}
