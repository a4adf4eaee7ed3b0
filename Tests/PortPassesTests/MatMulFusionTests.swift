import PortIR
import PortOps
import PortPasses
import XCTest

final class MatMulFusionTests: XCTestCase {
  /// a [2, 3, 4] · B [4, 5] (+ bias) (→ activation), the batched form of a transformer's dense layer.
  func graph(biasShape: [Int]?, activation: String?, biasFirst: Bool = false) -> Graph {
    var nodes = [Node(name: "mm", opType: "MatMul", inputs: ["a", "B"], outputs: ["m"], opsetVersion: 13)]
    var current = "m"
    if let biasShape {
      _ = biasShape
      nodes.append(Node(opType: "Add", inputs: biasFirst ? ["bias", current] : [current, "bias"], outputs: ["s"], opsetVersion: 14))
      current = "s"
    }
    if let activation {
      nodes.append(Node(opType: activation, inputs: [current], outputs: ["act"], opsetVersion: activation == "Gelu" ? 20 : 14))
      current = "act"
    }
    nodes.append(Node(opType: "Neg", inputs: [current], outputs: ["y"], opsetVersion: 13))
    let shape = biasShape ?? [5]
    return Graph(
      inputs: ["a"], outputs: ["y"],
      initializers: [
        "B": Tensor(shape: [4, 5], floats: sample(20, seed: 3)),
        "bias": Tensor(shape: shape, floats: sample(shape.reduce(1, *), seed: 4)),
      ],
      nodes: nodes, types: ["a": .tensor(.float, [2, 3, 4])])
  }

  var inputs: [String: HostValue] { ["a": .tensor(Tensor(shape: [2, 3, 4], floats: sample(24)))] }

  func testFusesBiasAndActivation() throws {
    for (biasShape, activation, biasFirst) in [
      ([5], "Gelu", true), ([1, 1, 5], "Relu", false), ([1], nil, false), (nil, "Tanh", false), ([5], nil, true),
    ] as [([Int]?, String?, Bool)] {
      let (before, after) = try checkPass(
        MatMulFusion(), graph(biasShape: biasShape, activation: activation, biasFirst: biasFirst), inputs)
      XCTAssertEqual(opTypes(after), ["FusedMatMul", "Neg"], "\(String(describing: biasShape)) \(String(describing: activation))")
      XCTAssertEqual(after.nodes.count, before.nodes.count - (biasShape == nil ? 0 : 1) - (activation == nil ? 0 : 1))
      let fused = after.nodes[0]
      XCTAssertEqual(fused.inputs.count, biasShape == nil ? 2 : 3)
      if biasShape != nil { XCTAssertEqual(after.initializers[fused.inputs[2]]?.shape, [5]) }
      XCTAssertEqual(fused[attribute: "activation"]?.string, activation)
    }
  }

  func testLeavesPlainMatMulAndNonLastAxisBias() throws {
    let (_, plain) = try checkPass(MatMulFusion(), graph(biasShape: nil, activation: nil), inputs)
    XCTAssertEqual(opTypes(plain), ["MatMul", "Neg"])
    let (_, rows) = try checkPass(MatMulFusion(), graph(biasShape: [3, 1], activation: nil), inputs)
    XCTAssertEqual(opTypes(rows), ["MatMul", "Add", "Neg"])
  }
}
