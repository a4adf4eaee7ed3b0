import PortIR
import PortOps
import PortPasses
import XCTest

final class ConvInputAffineFoldingTests: XCTestCase {
  /// x [1, 4, 5, 5] → Mul(a) → Add(b) → Conv(W [6, 4/group, k, k], B?) → y.
  func graph(group: Int, kernel: Int, pads: Int = 0, bias: Bool = true, scale: [Int]? = [1, 4, 1, 1], shift: [Int]? = [])
    -> Graph
  {
    var nodes: [Node] = []
    var current = "x"
    if let scale {
      _ = scale
      nodes.append(Node(opType: "Mul", inputs: [current, "a"], outputs: ["xa"], opsetVersion: 14))
      current = "xa"
    }
    if let shift {
      _ = shift
      nodes.append(Node(opType: "Add", inputs: ["b", current], outputs: ["xb"], opsetVersion: 14))
      current = "xb"
    }
    nodes.append(
      Node(
        name: "conv", opType: "Conv", inputs: bias ? [current, "W", "B"] : [current, "W"], outputs: ["y"],
        attributes: ["group": .int(group), "pads": .ints(Array(repeating: pads, count: 4)), "strides": .ints([2, 1])],
        opsetVersion: 11))
    let perGroup = 4 / group
    let scaleShape = scale ?? [1]
    let shiftShape = shift ?? [1]
    return Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "W": Tensor(shape: [6, perGroup, kernel, kernel], floats: sample(6 * perGroup * kernel * kernel, seed: 2)),
        "B": Tensor(shape: [6], floats: sample(6, seed: 3)),
        "a": Tensor(shape: scaleShape, floats: Array([1.5, -0.5, 2, 0.25].prefix(scaleShape.reduce(1, *)))),
        "b": Tensor(shape: shiftShape, floats: Array([0.3, -1, 0.5, 2].prefix(shiftShape.reduce(1, *)))),
      ],
      nodes: nodes, types: ["x": .tensor(.float, [1, 4, 5, 5])])
  }

  var inputs: [String: HostValue] { ["x": .tensor(Tensor(shape: [1, 4, 5, 5], floats: sample(100)))] }

  func testFoldsIntoUnpaddedConvs() throws {
    for (group, kernel, bias, scale, shift) in [
      (1, 1, true, [1, 4, 1, 1], []), (2, 3, false, [], [4, 1, 1]), (2, 1, true, nil, [1, 4, 1, 1]),
      (1, 3, true, [4, 1, 1], nil),
    ] as [(Int, Int, Bool, [Int]?, [Int]?)] {
      let (_, after) = try checkPass(
        ConvInputAffineFolding(), graph(group: group, kernel: kernel, bias: bias, scale: scale, shift: shift), inputs,
        rtol: 1e-5, atol: 1e-5)
      XCTAssertEqual(opTypes(after), ["Conv"], "group \(group) kernel \(kernel)")
      XCTAssertEqual(after.nodes[0].inputs.first, "x")
      XCTAssertEqual(after.nodes[0].inputs.count, 3)
    }
  }

  func testLeavesPaddedConvs() throws {
    let (_, after) = try checkPass(ConvInputAffineFolding(), graph(group: 1, kernel: 3, pads: 1), inputs)
    XCTAssertEqual(opTypes(after), ["Mul", "Add", "Conv"])
  }
}
