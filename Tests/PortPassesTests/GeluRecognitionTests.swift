import PortIR
import PortOps
import PortPasses
import XCTest

final class GeluRecognitionTests: XCTestCase {
  enum Form: CaseIterable { case divThenXTimesThenHalf, mulThenHalfOfT, halfXTimesT }

  /// p = x + 0 (a value with another reader, as in a transformer's dense output), then GELU(p) in `form`.
  func graph(_ form: Form) -> Graph {
    let s = "x"
    var nodes: [Node] = []
    var initializers: [String: Tensor] = [
      "one": Tensor(shape: [], floats: [1]), "half": Tensor(shape: [], floats: [0.5]),
      "sqrt2": Tensor(shape: [], floats: [1.4142135]), "invsqrt2": Tensor(shape: [], floats: [0.70710677]),
    ]
    switch form {
    case .divThenXTimesThenHalf:
      nodes = [
        Node(opType: "Div", inputs: [s, "sqrt2"], outputs: ["a"], opsetVersion: 14),
        Node(opType: "Erf", inputs: ["a"], outputs: ["e"], opsetVersion: 13),
        Node(opType: "Add", inputs: ["e", "one"], outputs: ["t"], opsetVersion: 14),
        Node(opType: "Mul", inputs: [s, "t"], outputs: ["m"], opsetVersion: 14),
        Node(name: "last", opType: "Mul", inputs: ["m", "half"], outputs: ["y"], opsetVersion: 14),
      ]
    case .mulThenHalfOfT:
      nodes = [
        Node(opType: "Mul", inputs: ["invsqrt2", s], outputs: ["a"], opsetVersion: 14),
        Node(opType: "Erf", inputs: ["a"], outputs: ["e"], opsetVersion: 13),
        Node(opType: "Add", inputs: ["one", "e"], outputs: ["t"], opsetVersion: 14),
        Node(opType: "Mul", inputs: ["t", "half"], outputs: ["u"], opsetVersion: 14),
        Node(name: "last", opType: "Mul", inputs: [s, "u"], outputs: ["y"], opsetVersion: 14),
      ]
    case .halfXTimesT:
      nodes = [
        Node(opType: "Mul", inputs: [s, "half"], outputs: ["h"], opsetVersion: 14),
        Node(opType: "Div", inputs: [s, "sqrt2"], outputs: ["a"], opsetVersion: 14),
        Node(opType: "Erf", inputs: ["a"], outputs: ["e"], opsetVersion: 13),
        Node(opType: "Add", inputs: ["e", "one"], outputs: ["t"], opsetVersion: 14),
        Node(name: "last", opType: "Mul", inputs: ["h", "t"], outputs: ["y"], opsetVersion: 14),
      ]
    }
    initializers["unused"] = nil
    return Graph(inputs: ["x"], outputs: ["y"], initializers: initializers, nodes: nodes, types: ["x": .tensor(.float, [2, 8])])
  }

  var inputs: [String: HostValue] {
    ["x": .tensor(Tensor(shape: [2, 8], floats: sample(16).map { $0 * 3 }))]
  }

  func testRecognizesEachPyTorchForm() throws {
    for form in Form.allCases {
      // 1.4142135 and 0.70710677 are √2 and 1/√2 to float precision: the results agree closely.
      let (before, after) = try checkPass(GeluRecognition(), graph(form), inputs, rtol: 1e-6, atol: 1e-6)
      XCTAssertEqual(before.nodes.count, 5)
      XCTAssertEqual(opTypes(after), ["Gelu"], "\(form)")
      XCTAssertEqual(after.nodes.first?.inputs, ["x"])
      XCTAssertEqual(after.nodes.first?.outputs, ["y"])
      XCTAssertEqual(after.nodes.first?[attribute: "approximate"], .string("none"))
    }
  }

  func testLeavesOtherConstantsAndSharedIntermediates() throws {
    var wrongScale = graph(.divThenXTimesThenHalf)
    wrongScale.initializers["sqrt2"] = Tensor(shape: [], floats: [2])
    let (_, a) = try checkPass(GeluRecognition(), wrongScale, inputs)
    XCTAssertEqual(opTypes(a), ["Div", "Erf", "Add", "Mul", "Mul"])
    // The erf value also read elsewhere (a graph output): the chain must stay.
    var shared = graph(.divThenXTimesThenHalf)
    shared.outputs.append("e")
    let (_, b) = try checkPass(GeluRecognition(), shared, inputs)
    XCTAssertEqual(opTypes(b), ["Div", "Erf", "Add", "Mul", "Mul"])
  }
}
