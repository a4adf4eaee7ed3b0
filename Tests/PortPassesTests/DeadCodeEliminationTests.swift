import PortIR
import PortOps
import PortPasses
import XCTest

final class DeadCodeEliminationTests: XCTestCase {
  func testRemovesUnreadNodesAndInitializers() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: ["c": Tensor(shape: [3], floats: [1, 2, 3]), "unused": Tensor(shape: [3], floats: [4, 5, 6])],
      nodes: [
        Node(name: "add", opType: "Add", inputs: ["x", "c"], outputs: ["t"], opsetVersion: 14),
        Node(name: "deadMul", opType: "Mul", inputs: ["x", "unused"], outputs: ["d"], opsetVersion: 14),
        Node(name: "deadRelu", opType: "Relu", inputs: ["d"], outputs: ["d2"], opsetVersion: 14),
        Node(name: "relu", opType: "Relu", inputs: ["t"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["x": .tensor(.float, [3])])
    let x = HostValue.tensor(Tensor(shape: [3], floats: [-3, 0.5, 2]))
    let (before, after) = try checkPass(DeadCodeElimination(), graph, ["x": x])
    XCTAssertEqual(opTypes(before), ["Add", "Mul", "Relu", "Relu"])
    XCTAssertEqual(opTypes(after), ["Add", "Relu"])
    XCTAssertEqual(Set(after.initializers.keys), ["c"])
    XCTAssertNil(after.types["d2"])
  }

  func testKeepsValuesReadOnlyBySubgraphsAndCleansSubgraphs() throws {
    // The If's branches read outer 'c'; the then-branch holds a dead node.
    let thenBranch = Graph(
      name: "then", outputs: ["a"],
      nodes: [
        Node(name: "deadNeg", opType: "Neg", inputs: ["c"], outputs: ["dead"], opsetVersion: 14),
        Node(name: "thenAdd", opType: "Add", inputs: ["x", "c"], outputs: ["a"], opsetVersion: 14),
      ])
    let elseBranch = Graph(
      name: "else", outputs: ["b"],
      nodes: [Node(name: "elseSub", opType: "Sub", inputs: ["x", "c"], outputs: ["b"], opsetVersion: 14)])
    let graph = Graph(
      inputs: ["x", "flag"], outputs: ["y"], initializers: ["c": Tensor(shape: [2], floats: [1, 2])],
      nodes: [
        Node(
          name: "if", opType: "If", inputs: ["flag"], outputs: ["y"],
          attributes: ["then_branch": .graph(thenBranch), "else_branch": .graph(elseBranch)], opsetVersion: 21)
      ],
      types: ["x": .tensor(.float, [2]), "flag": .tensor(.bool, [])])
    let inputs: [String: HostValue] = [
      "x": .tensor(Tensor(shape: [2], floats: [3, 4])), "flag": .tensor(Tensor(.bool, shape: [], int64s: [1])),
    ]
    let (_, after) = try checkPass(DeadCodeElimination(), graph, inputs)
    XCTAssertEqual(Set(after.initializers.keys), ["c"])
    let branch = try XCTUnwrap(after.nodes.first?[attribute: "then_branch"]?.graph)
    XCTAssertEqual(opTypes(branch), ["Add"])
  }
}
