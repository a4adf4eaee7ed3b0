import PortIR
import PortOps
import PortPasses
import XCTest

/// LayerNormalization decomposed; BatchNormalization folded into a Conv or into Mul + Add.
final class LegalizationNormalizationTests: XCTestCase {
  let decomposed: Set<String> = ["ReduceMean", "Sub", "Mul", "Add", "Sqrt", "Div"]

  func layerNorm(shape: [Int], axis: Int, bias: Bool, extraOutputs: Bool = false) -> Graph {
    let normalized = Array(shape[(axis < 0 ? axis + shape.count : axis)...])
    let count = normalized.reduce(1, *)
    var initializers = ["scale": Tensor(shape: normalized, floats: randomFloats(count, seed: 21, in: 0.5...2))]
    if bias { initializers["bias"] = Tensor(shape: normalized, floats: randomFloats(count, seed: 22)) }
    return Graph(
      inputs: ["x"], outputs: extraOutputs ? ["y", "mean"] : ["y"], initializers: initializers,
      nodes: [
        Node(
          name: "ln", opType: "LayerNormalization", inputs: bias ? ["x", "scale", "bias"] : ["x", "scale"],
          outputs: extraOutputs ? ["y", "mean"] : ["y"], attributes: ["axis": .int(axis), "epsilon": .float(1e-3)],
          opsetVersion: 17)
      ],
      types: ["x": .tensor(.float, Shape(fixed: shape))])
  }

  func testLayerNormalizationLastAxis() throws {
    let graph = layerNorm(shape: [2, 7, 16], axis: -1, bias: true)
    let result = try checkLegalization(graph, native: decomposed, inputs: ["x": randomInput([2, 7, 16], seed: 23)])
    XCTAssertEqual(opTypes(result.graph), ["ReduceMean", "Sub", "Mul", "ReduceMean", "Add", "Sqrt", "Div", "Mul", "Add"])
    XCTAssertEqual(result.rewrites.first?.rules, ["LayerNormalizationToReductions"])
  }

  func testLayerNormalizationSeveralAxesNoBias() throws {
    // Inputs with a large common offset: the two-pass variance keeps its precision.
    let graph = layerNorm(shape: [3, 4, 5], axis: 1, bias: false)
    let result = try checkLegalization(graph, native: decomposed, inputs: ["x": randomInput([3, 4, 5], seed: 24, in: 90...110)])
    XCTAssertEqual(opTypes(result.graph).last, "Mul")
  }

  func testLayerNormalizationWithReadStatisticsStays() throws {
    let graph = layerNorm(shape: [2, 8], axis: -1, bias: true, extraOutputs: true)
    let result = try checkLegalization(
      graph, native: decomposed, inputs: ["x": randomInput([2, 8], seed: 25)], allNative: false)
    XCTAssertEqual(opTypes(result.graph), ["LayerNormalization"])
    XCTAssertTrue(result.remaining[0].reasons[0].contains("Mean or InvStdDev"), "\(result.remaining)")
  }

  func bnParameters(_ channels: Int) -> [String: Tensor] {
    [
      "scale": Tensor(shape: [channels], floats: randomFloats(channels, seed: 31, in: 0.5...2)),
      "B": Tensor(shape: [channels], floats: randomFloats(channels, seed: 32)),
      "mean": Tensor(shape: [channels], floats: randomFloats(channels, seed: 33)),
      "var": Tensor(shape: [channels], floats: randomFloats(channels, seed: 34, in: 0.1...3)),
    ]
  }

  func bn(_ input: String, _ output: String) -> Node {
    Node(
      name: "bn", opType: "BatchNormalization", inputs: [input, "scale", "B", "mean", "var"], outputs: [output],
      attributes: ["epsilon": .float(1e-3)], opsetVersion: 15)
  }

  func testBatchNormIntoPrecedingConv() throws {
    var initializers = bnParameters(3)
    initializers["W"] = Tensor(shape: [3, 2, 3, 3], floats: randomFloats(54, seed: 35))
    let graph = Graph(
      inputs: ["x"], outputs: ["y"], initializers: initializers,
      nodes: [
        Node(name: "conv", opType: "Conv", inputs: ["x", "W"], outputs: ["c"], attributes: ["pads": .ints([1, 1, 1, 1])], opsetVersion: 11),
        bn("c", "y"),
      ],
      types: ["x": .tensor(.float, [1, 2, 6, 6])])
    let result = try checkLegalization(graph, native: ["Conv", "Mul", "Add"], inputs: ["x": randomInput([1, 2, 6, 6], seed: 36)])
    XCTAssertEqual(opTypes(result.graph), ["Conv"])
    XCTAssertEqual(result.graph.nodes[0].name, "conv")
    XCTAssertEqual(result.graph.nodes[0].outputs, ["y"])
    let record = try XCTUnwrap(result.record(for: "bn"))
    XCTAssertEqual(record.rules, ["BatchNormIntoConv"])
    XCTAssertEqual(record.absorbed, ["conv"])
    XCTAssertEqual(record.replacement, ["conv"])
    // The old weights and BN parameters are gone; only the folded weights and bias remain.
    XCTAssertEqual(result.graph.initializers.count, 2)
  }

  func testStandaloneBatchNormToMulAdd() throws {
    for shape in [[2, 3, 4, 5], [4, 3]] {
      let graph = Graph(
        inputs: ["x"], outputs: ["y"], initializers: bnParameters(3), nodes: [bn("x", "y")],
        types: ["x": .tensor(.float, Shape(fixed: shape))])
      let result = try checkLegalization(graph, native: ["Conv", "Mul", "Add"], inputs: ["x": randomInput(shape, seed: 37)])
      XCTAssertEqual(opTypes(result.graph), ["Mul", "Add"])
      XCTAssertEqual(result.rewrites.first?.rules, ["BatchNormToMulAdd"])
    }
  }

  func testInstanceNormalization() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"],
      initializers: [
        "s": Tensor(shape: [3], floats: randomFloats(3, seed: 38, in: 0.5...2)), "b": Tensor(shape: [3], floats: randomFloats(3, seed: 39)),
      ],
      nodes: [
        Node(name: "in", opType: "InstanceNormalization", inputs: ["x", "s", "b"], outputs: ["y"], attributes: ["epsilon": .float(1e-4)], opsetVersion: 6)
      ],
      types: ["x": .tensor(.float, [2, 3, 4, 5])])
    let result = try checkLegalization(graph, native: decomposed, inputs: ["x": randomInput([2, 3, 4, 5], seed: 40)])
    XCTAssertEqual(result.rewrites.first?.rules, ["InstanceNormalizationToReductions"])
  }
}
