import PortIR
import PortOps
import XCTest

/// Older opset versions of the recurrent, image and signal operators rewrite into their newest form.
final class NNAdvCanonicalizationTests: XCTestCase {
  func rewrite(_ node: Node, _ graph: Graph = Graph()) throws -> ([Node], CanonicalizationContext) {
    guard let definition = OpRegistry.definition(opType: node.opType, domain: node.domain) else {
      XCTFail("no definition for \(node.opType)")
      return ([], CanonicalizationContext(graph: graph))
    }
    var context = CanonicalizationContext(graph: graph)
    let nodes = try definition.canonicalize(node, &context)
    return (nodes, context)
  }

  func testUpsample7BecomesAsymmetricResize() throws {
    let node = Node(
      name: "up", opType: "Upsample", inputs: ["x"], outputs: ["y"],
      attributes: ["mode": .string("bilinear"), "scales": .floats([1, 1, 2, 2])], opsetVersion: 7)
    let (nodes, context) = try rewrite(node)
    XCTAssertEqual(nodes.count, 1)
    XCTAssertEqual(nodes[0].opType, "Resize")
    XCTAssertEqual(nodes[0].inputs.count, 3)
    XCTAssertEqual(nodes[0].inputs[1], "")
    XCTAssertEqual(nodes[0].attributes["mode"]?.string, "linear")
    XCTAssertEqual(nodes[0].attributes["coordinate_transformation_mode"]?.string, "asymmetric")
    XCTAssertEqual(context.constantValue(nodes[0].inputs[2])?.doubles(), [1, 1, 2, 2])
  }

  func testResize10MixedNearestSplitsIntoTwoResizes() throws {
    let graph = Graph(initializers: ["s": Tensor(shape: [4], floats: [1, 1, 0.5, 2])])
    let node = Node(name: "r", opType: "Resize", inputs: ["x", "s"], outputs: ["y"], opsetVersion: 10)
    let (nodes, context) = try rewrite(node, graph)
    XCTAssertEqual(nodes.count, 2)
    XCTAssertEqual(nodes[0].attributes["nearest_mode"]?.string, "ceil")
    XCTAssertEqual(nodes[1].attributes["nearest_mode"]?.string, "floor")
    XCTAssertEqual(nodes[1].inputs[0], nodes[0].outputs[0])
    XCTAssertEqual(nodes[1].outputs, ["y"])
    XCTAssertEqual(context.constantValue(nodes[0].inputs[2])?.doubles(), [1, 1, 0.5, 1])
    XCTAssertEqual(context.constantValue(nodes[1].inputs[2])?.doubles(), [1, 1, 1, 2])
  }

  func testResize11DropsEmptyRoiAndScales() throws {
    let empty = Tensor(shape: [0], floats: [])
    let graph = Graph(initializers: ["roi": empty, "scales": empty])
    let node = Node(name: "r", opType: "Resize", inputs: ["x", "roi", "scales", "sizes"], outputs: ["y"], opsetVersion: 11)
    let (nodes, _) = try rewrite(node, graph)
    XCTAssertEqual(nodes[0].inputs, ["x", "", "", "sizes"])
  }

  func testDFT17MovesAxisToAnInput() throws {
    let node = Node(name: "d", opType: "DFT", inputs: ["x"], outputs: ["y"], attributes: ["axis": .int(2)], opsetVersion: 17)
    let (nodes, context) = try rewrite(node)
    XCTAssertNil(nodes[0].attributes["axis"])
    XCTAssertEqual(nodes[0].inputs.count, 3)
    XCTAssertEqual(nodes[0].inputs[1], "")
    XCTAssertEqual(context.constantValue(nodes[0].inputs[2])?.int64s(), [2])
  }

  func testRoiAlign10AndGridSample16() throws {
    let roi = Node(name: "a", opType: "RoiAlign", inputs: ["x", "r", "b"], outputs: ["y"], opsetVersion: 10)
    XCTAssertEqual(try rewrite(roi).0[0].attributes["coordinate_transformation_mode"]?.string, "output_half_pixel")
    let grid = Node(
      name: "g", opType: "GridSample", inputs: ["x", "g"], outputs: ["y"], attributes: ["mode": .string("bicubic")],
      opsetVersion: 16)
    XCTAssertEqual(try rewrite(grid).0[0].attributes["mode"]?.string, "cubic")
  }

  func testLSTM1DropsOutputSequence() throws {
    let node = Node(
      name: "l", opType: "LSTM", inputs: ["x", "w", "r"], outputs: ["y"], attributes: ["output_sequence": .int(1)],
      opsetVersion: 1)
    XCTAssertNil(try rewrite(node).0[0].attributes["output_sequence"])
  }
}
