import Foundation
import ONNXProto
import SwiftProtobuf
import XCTest

/// `port inspect` and `port check` on valid models, and the exit statuses of usage errors.
final class InspectCheckTests: XCTestCase {
  var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  /// Conv(3→4, 3×3, pad 1) + bias → Relu, and MatMul [2,3]×[3,5] + bias, and one op of a custom
  /// domain. Intermediate shapes are declared, so the cost does not depend on which ops infer.
  func sampleModel() -> Onnx_ModelProto {
    let weight = ONNX.floats("w", [4, 3, 3, 3], Array(repeating: 0.5, count: 108))
    let bias = ONNX.floats("b", [4], [1, 2, 3, 4])
    let matrix = ONNX.floats("B", [3, 5], Array(repeating: 1, count: 15))
    let rowBias = ONNX.floats("c", [5], [1, 1, 1, 1, 1])
    let graph = ONNX.graph(
      [
        ONNX.node(
          "Conv", ["x", "w", "b"], ["conv"], name: "conv",
          attributes: [ONNX.intsAttribute("pads", [1, 1, 1, 1]), ONNX.intsAttribute("kernel_shape", [3, 3])]),
        ONNX.node("Relu", ["conv"], ["y"], name: "relu"),
        ONNX.node("MatMul", ["a", "B"], ["m"], name: "matmul"),
        ONNX.node("Add", ["m", "c"], ["z"], name: "add"),
        ONNX.node("Mystery", ["z"], ["q"], name: "mystery", domain: "com.example"),
      ],
      inputs: [ONNX.value("x", ONNX.float, [1, 3, 8, 8]), ONNX.value("a", ONNX.float, [2, 3])],
      outputs: [ONNX.value("y", ONNX.float, [1, 4, 8, 8]), ONNX.value("q", ONNX.float, [2, 5])],
      initializers: [weight, bias, matrix, rowBias],
      valueInfo: [ONNX.value("conv", ONNX.float, [1, 4, 8, 8]), ONNX.value("m", ONNX.float, [2, 5])])
    return ONNX.model(graph, opsets: ["": 17, "com.example": 1])
  }

  func testInspectJSON() throws {
    let file = try folder.write(sampleModel(), to: "sample.onnx")
    let result = try PortCLI.run(["inspect", file.path, "--json"])
    XCTAssertEqual(result.status, 0, result.stderr)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["irVersion"] as? Int, 8)
    XCTAssertEqual(object["opsets"] as? [String: Int], ["ai.onnx": 17, "com.example": 1])
    XCTAssertEqual((object["producer"] as? [String: String])?["name"], "port-cli-tests")
    let inputs = try XCTUnwrap(object["inputs"] as? [[String: Any]])
    XCTAssertEqual(inputs.map { $0["name"] as? String }, ["x", "a"])
    XCTAssertEqual(inputs.first?["type"] as? String, "float[1,3,8,8]")
    XCTAssertEqual(inputs.first?["shape"] as? [String], ["1", "3", "8", "8"])
    let ops = try XCTUnwrap(object["ops"] as? [[String: Any]])
    XCTAssertEqual(Set(ops.map { $0["op"] as? String ?? "" }), ["Conv", "Relu", "MatMul", "Add", "com.example::Mystery"])
    XCTAssertEqual(object["nodes"] as? Int, 5)
    let parameters = try XCTUnwrap(object["parameters"] as? [String: Int])
    XCTAssertEqual(parameters, ["tensors": 4, "elements": 132, "bytes": 528])
    // Conv: 1·4·8·8 outputs × 3·3·3 = 6912 MACs; MatMul: 2·5 outputs × 3 = 30 MACs.
    // FLOPs: 2 × 6942 + Conv bias 256 + Relu 256 + Add 10 = 14406.
    let cost = try XCTUnwrap(object["cost"] as? [String: Any])
    XCTAssertEqual(cost["macs"] as? Int, 6942)
    XCTAssertEqual(cost["flops"] as? Int, 14406)
    XCTAssertEqual(cost["countedNodes"] as? Int, 4)
    XCTAssertEqual((cost["uncounted"] as? [Any])?.count, 0)
    let domains = try XCTUnwrap(object["nonStandardDomains"] as? [[String: Any]])
    XCTAssertEqual(domains.first?["domain"] as? String, "com.example")
    XCTAssertEqual(domains.first?["nodes"] as? Int, 1)
    let checks = try XCTUnwrap(object["checks"] as? [[String: Any]])
    let names = checks.compactMap { $0["name"] as? String }
    XCTAssertTrue(names.contains { $0.hasPrefix("libonnx checker") }, "\(names)")
    XCTAssertTrue(names.contains("inference agrees with libonnx"), "\(names)")
    for check in checks {
      XCTAssertTrue(["passed", "failed", "skipped"].contains(check["status"] as? String ?? ""), "\(check)")
    }
    XCTAssertNotNil(object["inferenceDisagreements"] as? [String])
  }

  func testInspectText() throws {
    let file = try folder.write(sampleModel(), to: "sample.onnx")
    let result = try PortCLI.run(["inspect", file.path, "--ir"])
    XCTAssertEqual(result.status, 0, result.stderr)
    for expected in [
      "ir_version: 8", "opsets: ai.onnx 17, com.example 1", "producer: port-cli-tests", "x: float[1,3,8,8]",
      "parameters: 132 elements in 4 tensors, 528 bytes", "cost: 6942 MACs, 14406 FLOPs", "com.example: 1 nodes",
      "checks:", "graph g (x: float[1,3,8,8], a: float[2,3])",
    ] {
      XCTAssertTrue(result.stdout.contains(expected), "missing '\(expected)' in:\n\(result.stdout)")
    }
  }

  func testInspectSaysWhatWasNotCounted() throws {
    // A MatMul over a batch of unknown size (neither a value nor a name): not counted.
    var input = ONNX.value("a", ONNX.float, [0, 3])
    input.type.tensorType.shape.dim[0] = Onnx_TensorShapeProto.Dimension()
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("MatMul", ["a", "B"], ["m"], name: "matmul")], inputs: [input],
        outputs: [input.withName("m", lastDim: 5)], initializers: [ONNX.floats("B", [3, 5], Array(repeating: 1, count: 15))]))
    let file = try folder.write(model, to: "unknown.onnx")
    let result = try PortCLI.run(["inspect", file.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("not counted: MatMul × 1 (shapes not known statically)"), result.stdout)
  }

  func testDeclaredDimensionMinusOneMeansUnknown() throws {
    // PaddlePaddle's exporter writes -1 for a dynamic dimension in declared types; other negative
    // sizes stay errors (see BadInputTests.testNegativeDims).
    var input = ONNX.value("a", ONNX.float, [0, 3])
    input.type.tensorType.shape.dim[0].dimValue = -1
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("MatMul", ["a", "B"], ["m"], name: "matmul")], inputs: [input],
        outputs: [input.withName("m", lastDim: 5)], initializers: [ONNX.floats("B", [3, 5], Array(repeating: 1, count: 15))]))
    let file = try folder.write(model, to: "minus-one.onnx")
    let result = try PortCLI.run(["inspect", file.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("a: float[?,3]"), result.stdout)
  }

  func testInspectTakesSymbolicDimsAsOne() throws {
    // A MatMul over a symbolic batch: counted with the batch taken as 1, and said so.
    var input = ONNX.value("a", ONNX.float, [0, 3])
    input.type.tensorType.shape.dim[0].dimParam = "batch"
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("MatMul", ["a", "B"], ["m"], name: "matmul")], inputs: [input],
        outputs: [input.withName("m", lastDim: 5)], initializers: [ONNX.floats("B", [3, 5], Array(repeating: 1, count: 15))]))
    let file = try folder.write(model, to: "symbolic.onnx")
    let result = try PortCLI.run(["inspect", file.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertTrue(result.stdout.contains("cost: 15 MACs, 30 FLOPs"), result.stdout)
    XCTAssertTrue(result.stdout.contains("(taking batch as 1)"), result.stdout)
  }

  func testCheckValidModel() throws {
    let file = try folder.write(sampleModel(), to: "sample.onnx")
    let result = try PortCLI.run(["check", file.path])
    XCTAssertEqual(result.status, 0, result.stderr)
    XCTAssertEqual(result.stdout, "\(file.path): valid\n")
  }

  func testCheckJSONListsProblems() throws {
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("Add", ["x", "p"], ["y"], name: "add"), ONNX.node("Relu", ["q"], ["z"], name: "relu")],
        inputs: [ONNX.value("x", ONNX.float, [2])],
        outputs: [ONNX.value("y", ONNX.float, [2]), ONNX.value("z", ONNX.float, [2])]))
    let file = try folder.write(model, to: "two-problems.onnx")
    let result = try PortCLI.run(["check", file.path, "--json"])
    XCTAssertEqual(result.status, 2)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(object["valid"] as? Bool, false)
    let problems = try XCTUnwrap(object["problems"] as? [[String: Any]])
    XCTAssertEqual(problems.compactMap { $0["node"] as? String }, ["add", "relu"])
    XCTAssertEqual(Set(problems.compactMap { $0["code"] as? String }), ["dangling-input"])
    XCTAssertEqual(Set(problems.compactMap { $0["file"] as? String }), [file.path])
    // In text form: one line per problem.
    let text = try PortCLI.run(["check", file.path])
    XCTAssertEqual(text.status, 2)
    XCTAssertEqual(text.stderr.split(separator: "\n").count, 2, text.stderr)
  }

  func testUsageErrorsExitWithStatus2() throws {
    for arguments in [["inspect"], ["check", "--frobnicate", "x.onnx"], ["conformance"], ["model.onnx", "--frobnicate"]] {
      let result = try PortCLI.run(arguments)
      XCTAssertEqual(result.status, 2, "port \(arguments.joined(separator: " ")): \(result.stderr)")
      XCTAssertTrue(result.stderr.contains("Usage:") || result.stderr.contains("Error:"), result.stderr)
    }
    XCTAssertEqual(try PortCLI.run(["--help"]).status, 0)
    // The main job is the default subcommand: an unknown word is taken as a model path.
    let unknown = try PortCLI.run(["no-such-command"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("no-such-command") || unknown.stdout.contains("no-such-command: cannot open"), unknown.stderr)
  }

  func testMissingFileExitsWithStatus2() throws {
    let result = try PortCLI.run(["inspect", folder.url.appendingPathComponent("absent.onnx").path])
    XCTAssertEqual(result.status, 2)
    XCTAssertTrue(result.stderr.contains("absent.onnx"), result.stderr)
    XCTAssertTrue(result.stderr.contains("[file-unreadable]"), result.stderr)
  }
}

extension Onnx_ValueInfoProto {
  /// This value's type under another name, with the last dim replaced.
  func withName(_ name: String, lastDim: Int64) -> Onnx_ValueInfoProto {
    var copy = self
    copy.name = name
    let last = copy.type.tensorType.shape.dim.count - 1
    copy.type.tensorType.shape.dim[last].dimValue = lastDim
    return copy
  }
}
