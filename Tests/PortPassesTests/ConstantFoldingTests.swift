import PortIR
import PortOps
import PortPasses
import XCTest

final class ConstantFoldingTests: XCTestCase {
  /// x [2, 3] + Transpose(W [3, 2]) · Cast(Constant int scale), with the constant chain foldable.
  func graph() -> Graph {
    Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "W": Tensor(shape: [3, 2], floats: sample(6, seed: 2)),
      ],
      nodes: [
        Node(name: "k", opType: "Constant", inputs: [], outputs: ["k"], attributes: ["value": .tensor(Tensor(int64s: [3], shape: []))], opsetVersion: 13),
        Node(name: "t", opType: "Transpose", inputs: ["W"], outputs: ["wt"], attributes: ["perm": .ints([1, 0])], opsetVersion: 13),
        Node(name: "cast", opType: "Cast", inputs: ["k"], outputs: ["kf"], attributes: ["to": .int(1)], opsetVersion: 19),
        Node(name: "scale", opType: "Mul", inputs: ["wt", "kf"], outputs: ["ws"], opsetVersion: 14),
        Node(name: "add", opType: "Add", inputs: ["x", "ws"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["x": .tensor(.float, [2, 3])])
  }

  var inputs: [String: HostValue] { ["x": .tensor(Tensor(shape: [2, 3], floats: sample(6)))] }

  func testFoldsTheConstantChain() throws {
    let (before, after) = try checkPass(ConstantFolding(), graph(), inputs)
    XCTAssertEqual(opTypes(before), ["Constant", "Transpose", "Cast", "Mul", "Add"])
    XCTAssertEqual(opTypes(after), ["Add"])
    let folded = try XCTUnwrap(after.initializers["ws"])
    XCTAssertEqual(folded.shape, [2, 3])
    let w = sample(6, seed: 2)
    // ws[i][j] = 3 · W[j][i]
    XCTAssertEqual(folded.floats()[1], 3 * w[2])
    XCTAssertEqual(after.type(of: "ws"), .tensor(.float, [2, 3]))
    // The unread intermediates go with dead code elimination.
    let cleaned = try DeadCodeElimination().run(after)
    XCTAssertEqual(Set(cleaned.initializers.keys), ["ws"])
  }

  func testLeavesRandomGraphOutputsInputsAndLargeResults() throws {
    // Size cap: the 6-element results stay nodes under a 4-element cap.
    let (_, capped) = try checkPass(ConstantFolding(maxElements: 4), graph(), inputs)
    XCTAssertEqual(opTypes(capped), ["Transpose", "Mul", "Add"])
    // A constant a caller can override (a graph input with an initializer) is not folded.
    var overridable = graph()
    overridable.inputs.append("W")
    overridable.types["W"] = .tensor(.float, [3, 2])
    let after = try PassPipeline([ConstantFolding()], verifying: true).run(try Inference.run(overridable))
    XCTAssertEqual(opTypes(after), ["Transpose", "Mul", "Add"])
    // Random ops and graph outputs stay.
    let random = Graph(
      inputs: [], outputs: ["r", "s"], initializers: ["k": Tensor(shape: [2], floats: [1, 2])],
      nodes: [
        Node(opType: "RandomUniformLike", inputs: ["k"], outputs: ["r"], opsetVersion: 22),
        Node(opType: "Neg", inputs: ["k"], outputs: ["s"], opsetVersion: 13),
      ])
    let kept = try PassPipeline([ConstantFolding()], verifying: true).run(try Inference.run(random))
    XCTAssertEqual(opTypes(kept), ["RandomUniformLike", "Neg"])
  }
}
