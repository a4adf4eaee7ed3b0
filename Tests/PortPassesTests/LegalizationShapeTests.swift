import PortIR
import PortOps
import PortPasses
import XCTest

/// Pad into Conv, Sub/Div by constants, reshape chains, ReduceMean → GlobalAveragePool, Transpose folding.
final class LegalizationShapeTests: XCTestCase {
  func padConv(pads: [Int], convPads: [Int], value: Float? = nil, mode: String = "constant", axes: [Int]? = nil) -> Graph {
    var padInputs = ["x", "pads"]
    var initializers: [String: Tensor] = [
      "pads": Tensor(int64s: pads.map(Int64.init)),
      "W": Tensor(shape: [3, 2, 3, 3], floats: randomFloats(54, seed: 51)),
      "b": Tensor(shape: [3], floats: randomFloats(3, seed: 52)),
    ]
    if let value {
      initializers["value"] = Tensor(shape: [], floats: [value])
      padInputs.append("value")
    }
    if let axes {
      if value == nil { padInputs.append("") }
      initializers["axes"] = Tensor(int64s: axes.map(Int64.init))
      padInputs.append("axes")
    }
    return Graph(
      inputs: ["x"], outputs: ["y"], initializers: initializers,
      nodes: [
        Node(name: "pad", opType: "Pad", inputs: padInputs, outputs: ["p"], attributes: ["mode": .string(mode)], opsetVersion: 18),
        Node(
          name: "conv", opType: "Conv", inputs: ["p", "W", "b"], outputs: ["y"],
          attributes: ["pads": .ints(convPads), "strides": .ints([2, 1])], opsetVersion: 11),
      ],
      types: ["x": .tensor(.float, [1, 2, 7, 6])])
  }

  var image: [String: HostValue] { ["x": randomInput([1, 2, 7, 6], seed: 53)] }

  func testPadIntoConv() throws {
    for (pads, convPads, value, axes) in [
      ([0, 0, 1, 2, 0, 0, 1, 0], [0, 0, 0, 0], nil, nil),
      ([0, 0, 2, 1, 0, 0, 0, 3], [1, 1, 1, 1], Float(0), nil),
      ([1, 2, 3, 0], [0, 1, 0, 1], nil, [2, 3]),
      ([1, 1, 1, 1], [0, 0, 0, 0], nil, [-2, -1]),
    ] as [([Int], [Int], Float?, [Int]?)] {
      let result = try checkLegalization(padConv(pads: pads, convPads: convPads, value: value, axes: axes), native: ["Conv"], inputs: image)
      XCTAssertEqual(opTypes(result.graph), ["Conv"])
      XCTAssertEqual(result.graph.nodes[0].name, "conv")
      XCTAssertEqual(result.record(for: "pad")?.absorbed, ["conv"])
    }
  }

  func testPadThatIsNotZerosStays() throws {
    for graph in [
      padConv(pads: [0, 0, 1, 1, 0, 0, 1, 1], convPads: [0, 0, 0, 0], value: 1),
      padConv(pads: [0, 0, 1, 1, 0, 0, 1, 1], convPads: [0, 0, 0, 0], mode: "reflect"),
      padConv(pads: [1, 0, 0, 0, 0, 0, 0, 0], convPads: [0, 0, 0, 0]),
      padConv(pads: [0, 0, -1, 0, 0, 0, 0, 0], convPads: [0, 0, 0, 0]),
    ] {
      let result = try checkLegalization(graph, native: ["Conv"], inputs: image, allNative: false)
      XCTAssertEqual(opTypes(result.graph), ["Pad", "Conv"])
    }
  }

  func binary(_ opType: String, constant: Tensor, type: ElementType = .float) -> Graph {
    Graph(
      inputs: ["x"], outputs: ["y"], initializers: ["c": constant],
      nodes: [Node(name: "n", opType: opType, inputs: ["x", "c"], outputs: ["y"], opsetVersion: 14)],
      types: ["x": .tensor(type, [2, 3])])
  }

  func testSubAndDivByConstants() throws {
    let c = Tensor(shape: [3], floats: [0.5, -3, 7.25])
    let input = ["x": randomInput([2, 3], seed: 54)]
    let sub = try checkLegalization(binary("Sub", constant: c), native: ["Add", "Mul"], inputs: input)
    XCTAssertEqual(opTypes(sub.graph), ["Add"])
    XCTAssertEqual(sub.rewrites.first?.rules, ["SubConstantToAdd"])
    let div = try checkLegalization(binary("Div", constant: c), native: ["Add", "Mul"], inputs: input, rtol: 2e-7, atol: 0)
    XCTAssertEqual(opTypes(div.graph), ["Mul"])
    // Integers: Sub by a constant is exact; Div truncates and stays.
    let ints = Tensor(.int32, shape: [3], int64s: [2, -3, 5])
    let intInput = ["x": HostValue.tensor(Tensor(.int32, shape: [2, 3], int64s: [7, -8, 9, 10, -11, 12]))]
    let intSub = try checkLegalization(binary("Sub", constant: ints, type: .int32), native: ["Add"], inputs: intInput)
    XCTAssertEqual(opTypes(intSub.graph), ["Add"])
    let intDiv = try checkLegalization(binary("Div", constant: ints, type: .int32), native: ["Mul"], inputs: intInput, allNative: false)
    XCTAssertEqual(opTypes(intDiv.graph), ["Div"])
  }

  func testSubOfValuesToAddOfNegation() throws {
    let graph = Graph(
      inputs: ["x", "z"], outputs: ["y"],
      nodes: [Node(name: "n", opType: "Sub", inputs: ["x", "z"], outputs: ["y"], opsetVersion: 14)],
      types: ["x": .tensor(.float, [2, 3]), "z": .tensor(.float, [3])])
    let result = try checkLegalization(
      graph, native: ["Add", "Mul"], inputs: ["x": randomInput([2, 3], seed: 55), "z": randomInput([3], seed: 56)], rtol: 0, atol: 0)
    XCTAssertEqual(opTypes(result.graph), ["Mul", "Add"])
  }

  func testLayerNormalizationWithoutSubAndDivNative() throws {
    // LayerNorm → …Sub…Div; Sub → Add of the negation; Div of values has no exact rule and so the
    // whole rewrite is refused, with the reason naming Div.
    let graph = Graph(
      inputs: ["x"], outputs: ["y"], initializers: ["s": Tensor(shape: [4], floats: [1, 2, 3, 4])],
      nodes: [Node(name: "ln", opType: "LayerNormalization", inputs: ["x", "s"], outputs: ["y"], opsetVersion: 17)],
      types: ["x": .tensor(.float, [2, 4])])
    let native: Set<String> = ["ReduceMean", "Mul", "Add", "Sqrt", "Div"]
    let result = try checkLegalization(graph, native: native, inputs: ["x": randomInput([2, 4], seed: 57)])
    XCTAssertEqual(result.rewrites.first?.rules, ["LayerNormalizationToReductions", "SubToAddOfNegation"])
    let without = try checkLegalization(
      graph, native: native.subtracting(["Div"]), inputs: ["x": randomInput([2, 4], seed: 57)], allNative: false)
    XCTAssertEqual(opTypes(without.graph), ["LayerNormalization"])
    XCTAssertTrue(without.remaining[0].reasons[0].contains("needs Div"), "\(without.remaining)")
  }

  func chain(_ nodes: [Node], input: Shape) -> Graph {
    Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: ["shape": Tensor(int64s: [0, -1]), "axes0": Tensor(int64s: [0]), "axes2": Tensor(int64s: [2])],
      nodes: nodes, types: ["x": .tensor(.float, input)])
  }

  func testReshapeChainCollapses() throws {
    let graph = chain(
      [
        Node(name: "u", opType: "Unsqueeze", inputs: ["x", "axes0"], outputs: ["a"], opsetVersion: 13),
        Node(name: "f", opType: "Flatten", inputs: ["a"], outputs: ["b"], attributes: ["axis": .int(2)], opsetVersion: 13),
        Node(name: "r", opType: "Reshape", inputs: ["b", "shape"], outputs: ["c"], opsetVersion: 14),
        Node(name: "s", opType: "Unsqueeze", inputs: ["c", "axes2"], outputs: ["y"], opsetVersion: 13),
      ], input: [3, 4, 5])
    let result = try checkLegalization(graph, native: ["Reshape"], inputs: ["x": randomInput([3, 4, 5], seed: 58)])
    XCTAssertEqual(opTypes(result.graph), ["Reshape"])
    XCTAssertEqual(result.graph.nodes[0].inputs[0], "x")
    XCTAssertEqual(result.graph.initializers[result.graph.nodes[0].inputs[1]]?.int64s(), [3, 20, 1])
    XCTAssertEqual(Set(result.record(for: "u")?.absorbed ?? []), ["f", "r", "s"])
  }

  func testReshapeChainWithSymbolicBatch() throws {
    let graph = chain(
      [
        Node(name: "f", opType: "Flatten", inputs: ["x"], outputs: ["y"], attributes: ["axis": .int(1)], opsetVersion: 13)
      ], input: ["batch", 4, 5])
    let result = try checkLegalization(graph, native: ["Reshape"], inputs: ["x": randomInput([2, 4, 5], seed: 59)])
    XCTAssertEqual(result.graph.initializers[result.graph.nodes[0].inputs[1]]?.int64s(), [-1, 20])
  }

  func testReshapeChainBackToItsInputDisappears() throws {
    var graph = chain(
      [
        Node(name: "u", opType: "Unsqueeze", inputs: ["x", "axes0"], outputs: ["a"], opsetVersion: 13),
        Node(name: "s", opType: "Squeeze", inputs: ["a", "axes0"], outputs: ["b"], opsetVersion: 13),
        Node(name: "relu", opType: "Relu", inputs: ["b"], outputs: ["y"], opsetVersion: 14),
      ], input: [3, 4])
    graph.types["x"] = .tensor(.float, [3, 4])
    let result = try checkLegalization(graph, native: ["Relu"], inputs: ["x": randomInput([3, 4], seed: 60)])
    XCTAssertEqual(opTypes(result.graph), ["Relu"])
    XCTAssertEqual(result.graph.nodes[0].inputs, ["x"])
    XCTAssertNil(result.graph.initializers["axes0"])
  }

  func testReduceMeanToGlobalAveragePool() throws {
    for keepdims in [1, 0] {
      let graph = Graph(
        inputs: ["x"], outputs: ["y"], initializers: ["axes": Tensor(int64s: [-1, 2])],
        nodes: [
          Node(name: "m", opType: "ReduceMean", inputs: ["x", "axes"], outputs: ["y"], attributes: ["keepdims": .int(keepdims)], opsetVersion: 18)
        ],
        types: ["x": .tensor(.float, [2, 3, 4, 5])])
      let result = try checkLegalization(
        graph, native: ["GlobalAveragePool", "Reshape"], inputs: ["x": randomInput([2, 3, 4, 5], seed: 61)])
      XCTAssertEqual(opTypes(result.graph), keepdims == 1 ? ["GlobalAveragePool"] : ["GlobalAveragePool", "Reshape"])
    }
  }

  func testTransposeFolding() throws {
    // A constant transposed for a MatMul folds (ConstantFolding); two Transposes compose, or cancel.
    let graph = Graph(
      inputs: ["x"], outputs: ["y", "z"], initializers: ["W": Tensor(shape: [5, 4], floats: randomFloats(20, seed: 62))],
      nodes: [
        Node(name: "tw", opType: "Transpose", inputs: ["W"], outputs: ["wt"], attributes: ["perm": .ints([1, 0])], opsetVersion: 13),
        Node(name: "t1", opType: "Transpose", inputs: ["x"], outputs: ["a"], attributes: ["perm": .ints([0, 2, 1])], opsetVersion: 13),
        Node(name: "t2", opType: "Transpose", inputs: ["a"], outputs: ["b"], attributes: ["perm": .ints([0, 2, 1])], opsetVersion: 13),
        Node(name: "mm", opType: "MatMul", inputs: ["b", "wt"], outputs: ["y"], opsetVersion: 13),
        Node(name: "t3", opType: "Transpose", inputs: ["x"], outputs: ["c"], attributes: ["perm": .ints([1, 0, 2])], opsetVersion: 13),
        Node(name: "t4", opType: "Transpose", inputs: ["c"], outputs: ["z"], attributes: ["perm": .ints([0, 2, 1])], opsetVersion: 13),
      ],
      types: ["x": .tensor(.float, [2, 3, 4])])
    let result = try checkLegalization(
      graph, native: ["MatMul", "Transpose"], inputs: ["x": randomInput([2, 3, 4], seed: 63)], rtol: 0, atol: 0,
      predicate: { node, _ in node.opType != "Transpose" || node[attribute: "perm"]?.ints == [1, 2, 0] })
    XCTAssertEqual(opTypes(result.graph), ["MatMul", "Transpose"])
    XCTAssertEqual(result.graph.nodes[0].inputs[0], "x")
    XCTAssertEqual(result.graph.nodes[1].attributes["perm"], .ints([1, 2, 0]))
  }
}
