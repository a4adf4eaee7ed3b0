import PortIR
import PortOps
import PortPasses
import XCTest

final class MatMulAddToGemmTests: XCTestCase {
  func graph(biasShape: [Int], biasFirst: Bool = false, constantB: Bool = true) -> Graph {
    let biasCount = biasShape.reduce(1, *)
    var graph = Graph(
      inputs: ["a"], outputs: ["y"],
      initializers: [
        "B": Tensor(shape: [4, 3], floats: sample(12, seed: 3)),
        "bias": Tensor(shape: biasShape, floats: sample(biasCount, seed: 4)),
      ],
      nodes: [
        Node(name: "mm", opType: "MatMul", inputs: ["a", "B"], outputs: ["p"], opsetVersion: 13),
        Node(name: "add", opType: "Add", inputs: biasFirst ? ["bias", "p"] : ["p", "bias"], outputs: ["y"], opsetVersion: 14),
      ],
      types: ["a": .tensor(.float, [2, 4])])
    if !constantB {
      graph.initializers["B"] = nil
      graph.inputs.append("B")
      graph.types["B"] = .tensor(.float, [4, 3])
    }
    return graph
  }

  var inputs: [String: HostValue] {
    ["a": .tensor(Tensor(shape: [2, 4], floats: sample(8))), "B": .tensor(Tensor(shape: [4, 3], floats: sample(12, seed: 5)))]
  }

  func testFusesForEveryBiasShape() throws {
    for (shape, biasFirst) in [([3], false), ([1, 3], true), ([1], false), ([], true)] {
      let (before, after) = try checkPass(MatMulAddToGemm(), graph(biasShape: shape, biasFirst: biasFirst), inputs)
      XCTAssertEqual(opTypes(before), ["MatMul", "Add"])
      XCTAssertEqual(opTypes(after), ["Gemm"], "bias shape \(shape)")
      XCTAssertEqual(after.nodes.first?.outputs, ["y"])
    }
  }

  func testLeavesFullMatrixBiasAndVariableWeights() throws {
    let (_, full) = try checkPass(MatMulAddToGemm(), graph(biasShape: [2, 3]), inputs)
    XCTAssertEqual(opTypes(full), ["MatMul", "Add"])
    let (_, variable) = try checkPass(MatMulAddToGemm(), graph(biasShape: [3], constantB: false), inputs)
    XCTAssertEqual(opTypes(variable), ["MatMul", "Add"])
  }
}
