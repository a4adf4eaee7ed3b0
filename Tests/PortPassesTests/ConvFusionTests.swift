import PortIR
import PortOps
import PortPasses
import XCTest

final class ConvFusionTests: XCTestCase {
  /// x [1, 2, 5, 5] → Conv (W [3, 2, 3, 3], no bias) → + per-channel bias → + residual r → activation.
  func graph(bias: [Int]? = [1, 3, 1, 1], residual: Bool = true, activation: Node? = nil, extraReader: Bool = false) -> Graph {
    var nodes = [
      Node(name: "conv", opType: "Conv", inputs: ["x", "W"], outputs: ["c"], attributes: ["pads": .ints([1, 1, 1, 1])], opsetVersion: 11)
    ]
    var current = "c"
    if let bias {
      nodes.append(Node(opType: "Add", inputs: ["b", current], outputs: ["cb"], opsetVersion: 14))
      current = "cb"
      _ = bias
    }
    if residual {
      nodes.append(Node(opType: "Add", inputs: [current, "r"], outputs: ["cr"], opsetVersion: 14))
      current = "cr"
    }
    if var activation {
      activation.inputs[0] = current
      activation.outputs = ["act"]
      nodes.append(activation)
      current = "act"
    }
    nodes.append(Node(name: "out", opType: "Identity", inputs: [current], outputs: ["y"], opsetVersion: 14))
    var outputs = ["y"]
    if extraReader {
      nodes.append(Node(opType: "Neg", inputs: ["c"], outputs: ["n"], opsetVersion: 13))
      outputs.append("n")
    }
    let biasShape = bias ?? [3]
    return Graph(
      inputs: ["x", "r"], outputs: outputs,
      initializers: [
        "W": Tensor(shape: [3, 2, 3, 3], floats: sample(54, seed: 2)),
        "b": Tensor(shape: biasShape, floats: Array([0.5, -0.25, 0.125].prefix(biasShape.reduce(1, *)))),
        "lo": Tensor(shape: [], floats: [-0.3]), "hi": Tensor(shape: [], floats: [0.4]),
      ],
      nodes: nodes, types: ["x": .tensor(.float, [1, 2, 5, 5]), "r": .tensor(.float, [1, 3, 5, 5])])
  }

  var inputs: [String: HostValue] {
    ["x": .tensor(Tensor(shape: [1, 2, 5, 5], floats: sample(50))), "r": .tensor(Tensor(shape: [1, 3, 5, 5], floats: sample(75, seed: 7)))]
  }

  static let activations: [Node] = [
    Node(opType: "Relu", inputs: [""], outputs: [""], opsetVersion: 14),
    Node(opType: "LeakyRelu", inputs: [""], outputs: [""], attributes: ["alpha": .float(0.2)], opsetVersion: 16),
    Node(opType: "Clip", inputs: ["", "lo", "hi"], outputs: [""], opsetVersion: 13),
    Node(opType: "Clip", inputs: ["", "lo"], outputs: [""], opsetVersion: 13),
    Node(opType: "Sigmoid", inputs: [""], outputs: [""], opsetVersion: 13),
    Node(opType: "Tanh", inputs: [""], outputs: [""], opsetVersion: 13),
    Node(opType: "HardSigmoid", inputs: [""], outputs: [""], attributes: ["beta": .float(0.6)], opsetVersion: 6),
    Node(opType: "HardSwish", inputs: [""], outputs: [""], opsetVersion: 14),
  ]

  func testFusesBiasResidualAndEachActivation() throws {
    for activation in Self.activations {
      let (before, after) = try checkPass(ConvFusion(), graph(activation: activation), inputs)
      XCTAssertEqual(before.nodes.count, 5)
      XCTAssertEqual(opTypes(after), ["FusedConv", "Identity"], activation.opType)
      let fused = try XCTUnwrap(after.nodes.first)
      XCTAssertEqual(fused.domain, FusedOps.domain)
      XCTAssertEqual(fused.inputs.count, 4)
      XCTAssertEqual(fused.inputs[3], "r")
      XCTAssertEqual(fused.outputs, ["act"])
      XCTAssertEqual(fused[attribute: "activation"], .string(activation.opType))
      XCTAssertEqual(after.initializers[fused.inputs[2]]?.shape, [3])
    }
    let clip = try checkPass(ConvFusion(), graph(activation: Self.activations[3]), inputs).after
    XCTAssertEqual(clip.nodes[0][attribute: "activation_params"], .floats([-0.3, .infinity]))
  }

  func testFusesPartialChains() throws {
    // Bias only (shape [3, 1, 1]), a scalar bias, residual only, activation only.
    for (bias, residual, activation, inputCount) in [
      ([3, 1, 1], false, nil, 3), ([1], false, nil, 3), (nil, true, nil, 4), (nil, false, Self.activations[0], 2),
    ] as [([Int]?, Bool, Node?, Int)] {
      let (_, after) = try checkPass(ConvFusion(), graph(bias: bias, residual: residual, activation: activation), inputs)
      XCTAssertEqual(opTypes(after), ["FusedConv", "Identity"])
      XCTAssertEqual(after.nodes[0].inputs.count, inputCount)
    }
  }

  func testTakesATwoInputSumAsTheResidual() throws {
    var sum = graph(bias: nil, activation: Self.activations[0])
    sum.nodes[1] = Node(opType: "Sum", inputs: ["r", "c"], outputs: ["cr"], opsetVersion: 13)
    let (_, after) = try checkPass(ConvFusion(), sum, inputs)
    XCTAssertEqual(opTypes(after), ["FusedConv", "Identity"])
    XCTAssertEqual(after.nodes[0].inputs, ["x", "W", "", "r"])
  }

  func testLeavesSharedResultsAndNonChannelBias() throws {
    let (_, shared) = try checkPass(ConvFusion(), graph(activation: Self.activations[0], extraReader: true), inputs)
    XCTAssertEqual(opTypes(shared), ["Conv", "Add", "Add", "Relu", "Identity", "Neg"])
    // A bias over the last axis is not per channel: it stays an Add, which the residual rule then
    // does not take either (its shape [1, 1, 1, 5] is not the result's).
    var lastAxis = graph(bias: nil, residual: false)
    lastAxis.nodes.insert(Node(opType: "Add", inputs: ["c", "b5"], outputs: ["c5"], opsetVersion: 14), at: 1)
    lastAxis.nodes[2].inputs = ["c5"]
    lastAxis.initializers["b5"] = Tensor(shape: [1, 1, 1, 5], floats: [1, 2, 3, 4, 5])
    let (_, after) = try checkPass(ConvFusion(), lastAxis, inputs)
    XCTAssertEqual(opTypes(after), ["Conv", "Add", "Identity"])
  }
}
