import PortIR
import PortOps
import PortPasses
import XCTest

final class HardSwishRecognitionTests: XCTestCase {
  enum Form: CaseIterable { case productThenDiv, divThenProduct, productThenMulSixth, hardSigmoid }

  func graph(_ form: Form, shift: Float = 3) -> Graph {
    var nodes: [Node]
    let clip = [
      Node(opType: "Add", inputs: ["three", "x"], outputs: ["s"], opsetVersion: 14),
      Node(opType: "Clip", inputs: ["s", "zero", "six"], outputs: ["c"], opsetVersion: 13),
    ]
    switch form {
    case .productThenDiv:
      nodes = clip + [
        Node(opType: "Mul", inputs: ["x", "c"], outputs: ["p"], opsetVersion: 14),
        Node(opType: "Div", inputs: ["p", "six"], outputs: ["h"], opsetVersion: 14),
      ]
    case .divThenProduct:
      nodes = clip + [
        Node(opType: "Div", inputs: ["c", "six"], outputs: ["q"], opsetVersion: 14),
        Node(opType: "Mul", inputs: ["q", "x"], outputs: ["h"], opsetVersion: 14),
      ]
    case .productThenMulSixth:
      nodes = clip + [
        Node(opType: "Mul", inputs: ["c", "x"], outputs: ["p"], opsetVersion: 14),
        Node(opType: "Mul", inputs: ["sixth", "p"], outputs: ["h"], opsetVersion: 14),
      ]
    case .hardSigmoid:
      nodes = [
        Node(opType: "HardSigmoid", inputs: ["x"], outputs: ["g"], attributes: ["alpha": .float(1.0 / 6)], opsetVersion: 6),
        Node(opType: "Mul", inputs: ["x", "g"], outputs: ["h"], opsetVersion: 14),
      ]
    }
    nodes.append(Node(opType: "Neg", inputs: ["h"], outputs: ["y"], opsetVersion: 13))
    return Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "three": Tensor(shape: [], floats: [shift]), "zero": Tensor(shape: [], floats: [0]),
        "six": Tensor(shape: [], floats: [6]), "sixth": Tensor(shape: [], floats: [1.0 / 6]),
      ],
      nodes: nodes, types: ["x": .tensor(.float, [2, 3, 4])])
  }

  var inputs: [String: HostValue] { ["x": .tensor(Tensor(shape: [2, 3, 4], floats: sample(24).map { $0 * 5 }))] }

  func testRecognizesEachForm() throws {
    for form in Form.allCases {
      let (_, after) = try checkPass(HardSwishRecognition(), graph(form), inputs, rtol: 1e-6, atol: 1e-6)
      XCTAssertEqual(opTypes(after), ["HardSwish", "Neg"], "\(form)")
      XCTAssertEqual(after.nodes[0].inputs, ["x"])
      XCTAssertEqual(after.nodes[0].outputs, ["h"])
    }
  }

  func testLeavesOtherShifts() throws {
    let (_, after) = try checkPass(HardSwishRecognition(), graph(.productThenDiv, shift: 2), inputs)
    XCTAssertEqual(opTypes(after), ["Add", "Clip", "Mul", "Div", "Neg"])
  }
}
