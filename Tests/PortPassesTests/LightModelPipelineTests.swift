import Foundation
import PortIR
import PortImport
import PortOps
import PortPasses
import XCTest

/// The standard pipeline over the light models of the ONNX backend tests: verified after every
/// pass, outputs unchanged on the reference target for arange inputs.
final class LightModelPipelineTests: XCTestCase {
  static let folder: String = {
    // Tests/PortPassesTests/ → repository root.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent(".cache/onnx-1.22.0/backend-test-data/light").path
  }()

  /// As `ConformanceRunner.runLight`: arange(n)/n, symbolic dims taken as 1.
  func arangeInputs(_ graph: Graph) throws -> [String: HostValue] {
    var inputs: [String: HostValue] = [:]
    for name in graph.inputs {
      guard case .tensor(let type, let shape) = graph.type(of: name) else {
        throw XCTSkip("input '\(name)' is not a tensor")
      }
      let sizes = (shape?.dims ?? []).map { $0.value ?? 1 }
      let count = sizes.reduce(1, *)
      let values = (0..<count).map { Double(Float(Double($0) / Double(count))) }
      inputs[name] = .tensor(Tensor(type, shape: sizes, doubles: values))
    }
    return inputs
  }

  func models() throws -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: Self.folder) else {
      throw XCTSkip("no light models at \(Self.folder)")
    }
    return names.filter { $0.hasSuffix(".onnx") }.sorted()
  }

  /// One test per model, so a slow one (the reference interpreter in debug) can be run alone.
  func checkModel(_ stem: String) throws {
    let path = "\(Self.folder)/\(stem).onnx"
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    let graph = try ONNXImporter().load(path).model.graph
    let optimized = try PassPipeline.fusing(verifying: true).run(graph)
    XCTAssertEqual(optimized.inputs, graph.inputs)
    XCTAssertEqual(optimized.outputs, graph.outputs)
    XCTAssertLessThanOrEqual(optimized.nodes.count, graph.nodes.count)
    let inputs = try arangeInputs(graph)
    let expected = try referenceRun(graph, inputs)
    let actual = try referenceRun(optimized, inputs)
    // Folding reorders float arithmetic; softmax outputs of these models are near 1e-3.
    assertClose(actual, expected, rtol: 1e-3, atol: 1e-5)
    print("\(stem): \(graph.nodes.count) → \(optimized.nodes.count) nodes")
    print("  before: \(RealModelPipelineTests.histogram(graph))")
    print("  after:  \(RealModelPipelineTests.histogram(optimized))")
  }

  func testAllNineLightModelsPresent() throws {
    XCTAssertEqual(try models().count, 9)
  }

  func testSqueezenet() throws { try checkModel("light_squeezenet") }
  func testShufflenet() throws { try checkModel("light_shufflenet") }
  func testAlexnet() throws { try checkModel("light_bvlc_alexnet") }
  func testZfnet512() throws { try checkModel("light_zfnet512") }
  func testInceptionV1() throws { try checkModel("light_inception_v1") }
  func testInceptionV2() throws { try checkModel("light_inception_v2") }
  func testResnet50() throws { try checkModel("light_resnet50") }
  func testDensenet121() throws { try checkModel("light_densenet121") }
  func testVgg19() throws { try checkModel("light_vgg19") }

  func testResNet50BatchNormsFoldIntoConvs() throws {
    let path = "\(Self.folder)/light_resnet50.onnx"
    guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no \(path)") }
    let graph = try ONNXImporter().load(path).model.graph
    XCTAssertEqual(graph.nodes.filter { $0.opType == "BatchNormalization" }.count, 53)
    XCTAssertEqual(graph.nodes.filter { $0.opType == "Conv" }.count, 53)
    let optimized = try PassPipeline.fusing(verifying: true).run(graph)
    XCTAssertEqual(optimized.nodes.filter { $0.opType == "BatchNormalization" }.count, 0)
    // Every Conv is still there, most fused with their Relu and residual Add.
    let convs = optimized.nodes.filter { $0.opType == "Conv" }.count
    let fused = optimized.nodes.filter { $0.opType == "FusedConv" }.count
    XCTAssertEqual(convs + fused, 53)
    XCTAssertGreaterThanOrEqual(fused, 49)
    XCTAssertEqual(optimized.nodes.filter { $0.opType == "Relu" }.count, 0)
    XCTAssertEqual(optimized.nodes.filter { $0.opType == "ConstantOfShape" }.count, 0)
  }
}
