import Foundation
import PortIR
import PortImport
import PortOps
import PortPasses
import XCTest

/// The legalizer as a whole: a small network with several rewrites, records, and a light model.
final class LegalizerTests: XCTestCase {
  /// What a typical int8 edge NPU runs.
  static let npu: Set<String> = [
    "Conv", "MatMul", "Gemm", "Add", "Mul", "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "Softmax",
    "Concat", "Reshape", "Transpose",
  ]

  func testSmallNetworkWithRecords() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["probs", "feature"],
      initializers: [
        "pads": Tensor(int64s: [0, 0, 1, 1, 0, 0, 1, 1]),
        "W": Tensor(shape: [4, 3, 3, 3], floats: randomFloats(108, seed: 71, in: -0.5...0.5)),
        "scale": Tensor(shape: [4], floats: [1, 0.5, 2, 1.5]), "B": Tensor(shape: [4], floats: [0.1, 0, -0.1, 0.2]),
        "mean": Tensor(shape: [4], floats: [0, 0.1, 0.2, -0.1]), "var": Tensor(shape: [4], floats: [1, 2, 0.5, 1]),
        "axes": Tensor(int64s: [2, 3]), "fc": Tensor(shape: [5, 4], floats: randomFloats(20, seed: 72)),
        "fcb": Tensor(shape: [5], floats: randomFloats(5, seed: 73)), "six": Tensor(shape: [], floats: [6]),
      ],
      nodes: [
        Node(name: "pad", opType: "Pad", inputs: ["x", "pads"], outputs: ["p"], opsetVersion: 13),
        Node(name: "conv", opType: "Conv", inputs: ["p", "W"], outputs: ["c"], opsetVersion: 13),
        Node(name: "bn", opType: "BatchNormalization", inputs: ["c", "scale", "B", "mean", "var"], outputs: ["n"], opsetVersion: 13),
        Node(name: "hswish", opType: "HardSwish", inputs: ["n"], outputs: ["feature"], opsetVersion: 14),
        Node(name: "gap", opType: "ReduceMean", inputs: ["feature", "axes"], outputs: ["g"], attributes: ["keepdims": .int(0)], opsetVersion: 18),
        Node(name: "fc", opType: "Gemm", inputs: ["g", "fc", "fcb"], outputs: ["logits"], attributes: ["transB": .int(1)], opsetVersion: 13),
        Node(name: "scaled", opType: "Div", inputs: ["logits", "six"], outputs: ["t"], opsetVersion: 13),
        Node(name: "softmax", opType: "Softmax", inputs: ["t"], outputs: ["probs"], opsetVersion: 13),
      ],
      types: ["x": .tensor(.float, [2, 3, 8, 8])])
    let native = Self.npu.subtracting(["Gemm"])
    let result = try checkLegalization(graph, native: native, inputs: ["x": randomInput([2, 3, 8, 8], seed: 74)])
    XCTAssertEqual(
      result.rewrites.map(\.summary),
      [
        "Pad (with conv) → Conv [PadIntoConv]", "BatchNormalization (with conv) → Conv [BatchNormIntoConv]",
        "HardSwish → Add + Clip + Mul + Mul [HardSwishToClip]",
        "ReduceMean → GlobalAveragePool + Reshape [ReduceMeanToGlobalAveragePool]", "Gemm → MatMul + Add [GemmToMatMul]",
        "Div → Mul [DivConstantToMul]",
      ])
    XCTAssertEqual(result.record(for: "conv")?.node, "pad")
    // The HardSwish output is a graph output: its name is kept.
    XCTAssertTrue(result.graph.nodes.contains { $0.outputs == ["feature"] })
    // Unread constants are gone: the original weights, BN parameters, pads, axes, the 6 and the FC weights.
    for name in ["pads", "W", "scale", "B", "mean", "var", "axes", "six", "fc"] {
      XCTAssertNil(result.graph.initializers[name], name)
    }
  }

  func testRecordFollowsALaterRewriteOfItsNodes() throws {
    // MatMul (rank 3) → Reshape, Gemm, Reshape; the Squeeze after it then merges with the last
    // Reshape: the MatMul's record names the merged Reshape.
    let graph = Graph(
      inputs: ["a"], outputs: ["y"],
      initializers: ["W": Tensor(shape: [4, 1], floats: randomFloats(4, seed: 75)), "axes": Tensor(int64s: [-1])],
      nodes: [
        Node(name: "mm", opType: "MatMul", inputs: ["a", "W"], outputs: ["m"], opsetVersion: 13),
        Node(name: "sq", opType: "Squeeze", inputs: ["m", "axes"], outputs: ["y"], opsetVersion: 13),
      ],
      types: ["a": .tensor(.float, [2, 3, 4])])
    let result = try checkLegalization(graph, native: ["Gemm", "Reshape"], inputs: ["a": randomInput([2, 3, 4], seed: 76)])
    XCTAssertEqual(opTypes(result.graph), ["Reshape", "Gemm", "Reshape"])
    let names = result.graph.nodes.map(\.name)
    XCTAssertEqual(result.record(for: "mm")?.replacement, names)
    XCTAssertEqual(result.record(for: "sq")?.replacement, [names[2]])
  }

  func testNoRuleLeavesTheNodeWithAReason() throws {
    let result = try checkLegalization(
      unaryGraph("Erf"), native: ["Mul"], inputs: ["x": randomInput([2, 3, 4, 5], seed: 77)], allNative: false)
    XCTAssertEqual(result.remaining, [UnlegalizedNode(node: "n", opType: "Erf", reasons: ["no rule rewrites Erf"])])
  }

  func testLegalizerIsAPass() throws {
    let legalizer = Legalizer(nativeOps: ["Mul", "Add", "Clip"])
    let graph = try PassPipeline([legalizer], verifying: true).run(try Inference.run(unaryGraph("HardSigmoid")))
    XCTAssertEqual(opTypes(graph), ["Mul", "Add", "Clip"])
  }

  func testSumToAdd() throws {
    let graph = Graph(
      inputs: ["a", "b", "c"], outputs: ["y"],
      nodes: [Node(name: "s", opType: "Sum", inputs: ["a", "b", "c"], outputs: ["y"], opsetVersion: 13)],
      types: ["a": .tensor(.float, [2, 3]), "b": .tensor(.float, [3]), "c": .tensor(.float, [2, 1])])
    let inputs = ["a": randomInput([2, 3], seed: 79), "b": randomInput([3], seed: 80), "c": randomInput([2, 1], seed: 81)]
    let result = try checkLegalization(graph, native: ["Add"], inputs: inputs)
    XCTAssertEqual(opTypes(result.graph), ["Add", "Add"])
  }

  /// Light ResNet-50 (after the standard passes, which fill its ConstantOfShape weights) on the
  /// NPU op set: every BatchNormalization folds into its Conv, the residual Sums become Adds.
  func testLightResNet50() throws {
    let path = "\(LightModelPipelineTests.folder)/light_resnet50.onnx"
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    let graph = try PassPipeline([ConstantOfShapeFolding(), DeadCodeElimination()]).run(try ONNXImporter().load(path).model.graph)
    let input = graph.inputs[0]
    guard case .tensor(_, let shape?) = graph.type(of: input) else { throw XCTSkip("untyped input") }
    let sizes = shape.dims.map { $0.value ?? 1 }
    let result = try checkLegalization(
      graph, native: Self.npu, inputs: [input: randomInput(sizes, seed: 78, in: 0...1)], rtol: 1e-3, atol: 1e-5)
    XCTAssertEqual(result.rewrites.filter { $0.opType == "BatchNormalization" }.count, 53)
    XCTAssertFalse(opTypes(result.graph).contains("BatchNormalization"))
  }
}
