import PortIR
import PortOps
import PortPasses
import XCTest

final class IdentityEliminationTests: XCTestCase {
  func testRemovesIdentityAndInferenceDropout() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y", "z"],
      initializers: ["ratio": Tensor(shape: [], floats: [0.5]), "train": Tensor(.bool, shape: [], int64s: [0])],
      nodes: [
        Node(name: "id1", opType: "Identity", inputs: ["x"], outputs: ["a"], opsetVersion: 21),
        Node(name: "relu", opType: "Relu", inputs: ["a"], outputs: ["b"], opsetVersion: 14),
        Node(name: "drop", opType: "Dropout", inputs: ["b", "ratio", "train"], outputs: ["c", "mask"], opsetVersion: 22),
        Node(name: "neg", opType: "Neg", inputs: ["c"], outputs: ["d"], opsetVersion: 13),
        // Graph output through an Identity: the Neg takes over the name 'y'.
        Node(name: "id2", opType: "Identity", inputs: ["d"], outputs: ["y"], opsetVersion: 21),
        // An Identity of a graph input that is an output: must stay.
        Node(name: "id3", opType: "Identity", inputs: ["x"], outputs: ["z"], opsetVersion: 21),
      ],
      types: ["x": .tensor(.float, [4])])
    let x = HostValue.tensor(Tensor(shape: [4], floats: [-1, 2, -3, 4]))
    let (before, after) = try checkPass(IdentityElimination(), graph, ["x": x])
    XCTAssertEqual(opTypes(before), ["Identity", "Relu", "Dropout", "Neg", "Identity", "Identity"])
    XCTAssertEqual(opTypes(after), ["Relu", "Neg", "Identity"])
    XCTAssertEqual(after.nodes[0].inputs, ["x"])
    XCTAssertEqual(after.nodes[1].outputs, ["y"])
  }

  func testKeepsTrainingDropoutAndReadMask() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y", "mask"],
      nodes: [Node(name: "drop", opType: "Dropout", inputs: ["x"], outputs: ["y", "mask"], opsetVersion: 22)],
      types: ["x": .tensor(.float, [4])])
    let after = try IdentityElimination().run(try Inference.run(graph))
    XCTAssertEqual(opTypes(after), ["Dropout"])
  }
}
