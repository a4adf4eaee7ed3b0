import PortIR
import PortOps
import PortPasses
import XCTest

final class GemmFusionTests: XCTestCase {
  func graph(_ activation: Node, extraReader: Bool = false) -> Graph {
    var act = activation
    act.inputs[0] = "g"
    act.outputs = ["y"]
    var nodes = [
      Node(name: "gemm", opType: "Gemm", inputs: ["a", "B", "C"], outputs: ["g"], attributes: ["transB": .int(1), "alpha": .float(0.5)], opsetVersion: 13),
      act,
    ]
    var outputs = ["y"]
    if extraReader {
      nodes.append(Node(opType: "Neg", inputs: ["g"], outputs: ["n"], opsetVersion: 13))
      outputs.append("n")
    }
    return Graph(
      inputs: ["a"], outputs: outputs,
      initializers: [
        "B": Tensor(shape: [3, 4], floats: sample(12, seed: 3)), "C": Tensor(shape: [3], floats: [0.1, 0.2, -0.3]),
        "lo": Tensor(shape: [], floats: [0]), "hi": Tensor(shape: [], floats: [6]),
      ],
      nodes: nodes, types: ["a": .tensor(.float, [2, 4])])
  }

  var inputs: [String: HostValue] { ["a": .tensor(Tensor(shape: [2, 4], floats: sample(8).map { $0 * 4 }))] }

  func testFusesEachActivationIncludingGelu() throws {
    let activations = ConvFusionTests.activations + [Node(opType: "Gelu", inputs: [""], outputs: [""], opsetVersion: 20)]
    for activation in activations {
      let (_, after) = try checkPass(GemmFusion(), graph(activation), inputs)
      XCTAssertEqual(opTypes(after), ["FusedGemm"], activation.opType)
      XCTAssertEqual(after.nodes[0].inputs, ["a", "B", "C"])
      XCTAssertEqual(after.nodes[0][attribute: "transB"], .int(1))
      XCTAssertEqual(after.nodes[0][attribute: "activation"], .string(activation.opType))
    }
  }

  func testLeavesSharedResultsAndOtherOps() throws {
    let relu = ConvFusionTests.activations[0]
    let (_, shared) = try checkPass(GemmFusion(), graph(relu, extraReader: true), inputs)
    XCTAssertEqual(opTypes(shared), ["Gemm", "Relu", "Neg"])
    let (_, other) = try checkPass(GemmFusion(), graph(Node(opType: "Softplus", inputs: [""], outputs: [""], opsetVersion: 1)), inputs)
    XCTAssertEqual(opTypes(other), ["Gemm", "Softplus"])
  }
}
