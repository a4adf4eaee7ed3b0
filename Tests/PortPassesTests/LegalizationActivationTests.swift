import PortIR
import PortOps
import PortPasses
import XCTest

/// Activations rewritten into elementwise ops, checked on the reference interpreter.
final class LegalizationActivationTests: XCTestCase {
  let shape = [2, 3, 4, 5]
  func input(_ seed: UInt64, _ range: ClosedRange<Double> = -8...8) -> [String: HostValue] {
    ["x": randomInput(shape, seed: seed, in: range)]
  }

  func testHardSigmoidToClip() throws {
    for (alpha, beta) in [(Float(0.2), Float(0.5)), (1, 0), (0.25, -0.1)] {
      let graph = unaryGraph("HardSigmoid", ["alpha": .float(alpha), "beta": .float(beta)])
      let result = try checkLegalization(graph, native: ["Mul", "Add", "Clip"], inputs: input(1))
      XCTAssertEqual(result.rewrites.map(\.rules), [["HardSigmoidToClip"]])
      XCTAssertEqual(result.graph.nodes.last?.opType, "Clip")
      // Neutral α and β add no node.
      if alpha == 1 && beta == 0 { XCTAssertEqual(opTypes(result.graph), ["Clip"]) }
    }
  }

  func testHardSwishPrefersHardSigmoid() throws {
    let result = try checkLegalization(unaryGraph("HardSwish"), native: ["HardSigmoid", "Mul", "Clip", "Add"], inputs: input(2))
    XCTAssertEqual(opTypes(result.graph), ["HardSigmoid", "Mul"])
    let record = try XCTUnwrap(result.record(for: "n"))
    XCTAssertEqual(record.opType, "HardSwish")
    XCTAssertEqual(record.rules, ["HardSwishToHardSigmoid"])
    XCTAssertEqual(record.replacement, result.graph.nodes.map(\.name))
    XCTAssertEqual(record.summary, "HardSwish → HardSigmoid + Mul [HardSwishToHardSigmoid]")
  }

  func testHardSwishThroughClipWithoutHardSigmoid() throws {
    let result = try checkLegalization(unaryGraph("HardSwish"), native: ["Mul", "Clip", "Add"], inputs: input(3))
    XCTAssertEqual(opTypes(result.graph), ["Add", "Clip", "Mul", "Mul"])
    XCTAssertEqual(result.rewrites.first?.rules, ["HardSwishToClip"])
  }

  func testPredicateSeesTheReplacement() throws {
    // An accelerator whose Clip is a ReLU6 unit: Clip(0, 6) only. HardSwish fits (x·Clip(x+3, 0, 6)/6),
    // HardSigmoid does not (its Clip is to [0, 1]) and stays, with the reason.
    let relu6Only: Legalizer.NativePredicate = { node, graph in
      guard node.opType == "Clip" else { return true }
      let bounds = node.inputs.dropFirst().map { graph.initializers[$0]?.doubles().first }
      return bounds == [0, 6]
    }
    let native: Set<String> = ["Mul", "Clip", "Add"]
    let swish = try checkLegalization(unaryGraph("HardSwish"), native: native, inputs: input(4), predicate: relu6Only)
    XCTAssertEqual(swish.rewrites.first?.rules, ["HardSwishToClip"])
    let sigmoid = try checkLegalization(
      unaryGraph("HardSigmoid"), native: native, inputs: input(4), allNative: false, predicate: relu6Only)
    XCTAssertEqual(sigmoid.rewrites, [])
    XCTAssertEqual(sigmoid.remaining.first?.reasons, ["HardSigmoidToClip: needs Clip, which is not native"])
    XCTAssertEqual(opTypes(sigmoid.graph), ["HardSigmoid"])
  }

  func testGeluErf() throws {
    let result = try checkLegalization(unaryGraph("Gelu", opset: 20), native: ["Mul", "Add", "Erf"], inputs: input(5))
    XCTAssertEqual(opTypes(result.graph), ["Mul", "Erf", "Add", "Mul", "Mul"])
    XCTAssertEqual(result.rewrites.first?.rules, ["GeluToErf"])
  }

  func testGeluTanh() throws {
    let graph = unaryGraph("Gelu", ["approximate": .string("tanh")], opset: 20)
    let result = try checkLegalization(graph, native: ["Mul", "Add", "Tanh"], inputs: input(6))
    XCTAssertEqual(result.rewrites.first?.rules, ["GeluToTanh"])
    // The exact (erf) GELU is not approximated by tanh: without Erf it stays.
    let exact = try checkLegalization(unaryGraph("Gelu", opset: 20), native: ["Mul", "Add", "Tanh"], inputs: input(6), allNative: false)
    XCTAssertEqual(exact.rewrites, [])
    XCTAssertEqual(exact.remaining.map(\.opType), ["Gelu"])
    XCTAssertTrue(exact.remaining[0].reasons.contains { $0.contains("needs Erf") }, "\(exact.remaining[0].reasons)")
  }

  func testSwishToSigmoid() throws {
    for alpha in [Float(1), 1.702] {
      let result = try checkLegalization(
        unaryGraph("Swish", ["alpha": .float(alpha)], opset: 24), native: ["Mul", "Sigmoid"], inputs: input(7))
      XCTAssertEqual(opTypes(result.graph), alpha == 1 ? ["Sigmoid", "Mul"] : ["Mul", "Sigmoid", "Mul"])
    }
  }

  func testSigmoidToTanh() throws {
    let result = try checkLegalization(unaryGraph("Sigmoid", opset: 13), native: ["Mul", "Add", "Tanh"], inputs: input(8, -30...30))
    XCTAssertEqual(opTypes(result.graph), ["Mul", "Tanh", "Mul", "Add"])
  }

  func testMishWithNativeSoftplus() throws {
    let result = try checkLegalization(unaryGraph("Mish"), native: ["Softplus", "Tanh", "Mul"], inputs: input(9))
    XCTAssertEqual(opTypes(result.graph), ["Softplus", "Tanh", "Mul"])
  }

  func testMishThroughSoftplusLegalizedInTurn() throws {
    let native: Set<String> = ["Tanh", "Mul", "Add", "Exp", "Log", "Relu", "Abs"]
    let result = try checkLegalization(unaryGraph("Mish"), native: native, inputs: input(10, -30...30))
    let record = try XCTUnwrap(result.record(for: "n"))
    XCTAssertEqual(record.rules, ["MishToSoftplus", "SoftplusToStableExpLog"])
    XCTAssertEqual(record.replacement.count, result.graph.nodes.count)
    XCTAssertFalse(opTypes(result.graph).contains("Softplus"))
  }

  func testSoftplusStableFormOverWholeRange() throws {
    // The stable form holds far into both tails, where Exp(x) alone would overflow.
    let result = try checkLegalization(
      unaryGraph("Softplus"), native: ["Relu", "Abs", "Mul", "Exp", "Add", "Log"], inputs: input(11, -200...200))
    XCTAssertEqual(result.rewrites.first?.rules, ["SoftplusToStableExpLog"])
    XCTAssertEqual(result.rewrites.first?.caveats, [])
  }

  func testSoftplusExpLogWithCaveat() throws {
    // Exact below Exp's overflow (x < 88 in float32), which the record's caveat states.
    let result = try checkLegalization(unaryGraph("Softplus"), native: ["Exp", "Add", "Log"], inputs: input(12, -30...30))
    XCTAssertEqual(opTypes(result.graph), ["Exp", "Add", "Log"])
    XCTAssertEqual(result.rewrites.first?.caveats.count, 1)
  }

  func testIntermediateTypesAndNamesFollowTheNode() throws {
    let result = try checkLegalization(unaryGraph("HardSwish"), native: ["Mul", "Clip", "Add"], inputs: input(13))
    for node in result.graph.nodes {
      XCTAssertTrue(node.name.hasPrefix("n/"), node.name)
      XCTAssertEqual(node.opsetVersion, 22)
      XCTAssertEqual(result.graph.types[node.outputs[0]], .tensor(.float, Shape(fixed: shape)))
    }
  }
}

/// LeakyRelu and PRelu through Relu, Neg and Pow(x, 2) through Mul: exact rewrites.
final class LegalizationReluFamilyTests: XCTestCase {
  let native: Set<String> = ["Relu", "Mul", "Add"]

  func testLeakyReluToRelu() throws {
    for alpha in [Float(0.01), 0.2, 1.5] {
      let result = try checkLegalization(
        unaryGraph("LeakyRelu", ["alpha": .float(alpha)], opset: 16), native: native,
        inputs: ["x": randomInput([2, 3, 4, 5], seed: 91)], rtol: 0, atol: 0)
      XCTAssertEqual(opTypes(result.graph), ["Relu", "Mul", "Relu", "Mul", "Add"])
    }
  }

  func testPReluToRelu() throws {
    for slopeShape in [[3, 1, 1], [1], [5]] {
      let graph = Graph(
        inputs: ["x"], outputs: ["y"],
        initializers: ["s": Tensor(shape: slopeShape, floats: randomFloats(slopeShape.reduce(1, *), seed: 92, in: 0...0.5))],
        nodes: [Node(name: "n", opType: "PRelu", inputs: ["x", "s"], outputs: ["y"], opsetVersion: 16)],
        types: ["x": .tensor(.float, [2, 3, 4, 5])])
      let result = try checkLegalization(graph, native: native, inputs: ["x": randomInput([2, 3, 4, 5], seed: 93)], rtol: 0, atol: 0)
      XCTAssertEqual(result.rewrites.first?.rules, ["PReluToRelu"])
    }
  }

  func testNegAndSquare() throws {
    let neg = try checkLegalization(unaryGraph("Neg", opset: 13), native: ["Mul"], inputs: ["x": randomInput([2, 3, 4, 5], seed: 94)], rtol: 0, atol: 0)
    XCTAssertEqual(opTypes(neg.graph), ["Mul"])
    let graph = Graph(
      inputs: ["x"], outputs: ["y"], initializers: ["two": Tensor(shape: [], floats: [2])],
      nodes: [Node(name: "n", opType: "Pow", inputs: ["x", "two"], outputs: ["y"], opsetVersion: 15)],
      types: ["x": .tensor(.float, [2, 3])])
    let square = try checkLegalization(graph, native: ["Mul"], inputs: ["x": randomInput([2, 3], seed: 95)], rtol: 0, atol: 0)
    XCTAssertEqual(opTypes(square.graph), ["Mul"])
  }
}

/// Softmax decomposed; Relu and Clip(0, ∞) into each other.
final class LegalizationSoftmaxAndClipTests: XCTestCase {
  func testSoftmaxToExp() throws {
    for axis in [-1, 1] {
      let result = try checkLegalization(
        unaryGraph("Softmax", ["axis": .int(axis)], opset: 13), native: ["ReduceMax", "Sub", "Exp", "ReduceSum", "Div"],
        inputs: ["x": randomInput([2, 3, 4, 5], seed: 101, in: -30...30)], rtol: 1e-5, atol: 1e-7)
      XCTAssertEqual(opTypes(result.graph), ["ReduceMax", "Sub", "Exp", "ReduceSum", "Div"])
    }
  }

  func testReluAndClipSwap() throws {
    let input = ["x": randomInput([2, 3, 4, 5], seed: 102)]
    let relu = try checkLegalization(unaryGraph("Relu", opset: 14), native: ["Clip"], inputs: input, rtol: 0, atol: 0)
    XCTAssertEqual(opTypes(relu.graph), ["Clip"])
    let clip = try checkLegalization(relu.graph, native: ["Relu"], inputs: input, rtol: 0, atol: 0)
    XCTAssertEqual(opTypes(clip.graph), ["Relu"])
    // ReLU6 stays a Clip.
    var relu6 = relu.graph
    relu6.initializers["six"] = Tensor(shape: [], floats: [6])
    relu6.nodes[0].inputs.append("six")
    let kept = try checkLegalization(relu6, native: ["Relu"], inputs: input, allNative: false)
    XCTAssertEqual(opTypes(kept.graph), ["Clip"])
  }
}
