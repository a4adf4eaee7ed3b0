import Foundation
import ONNXProto
import SwiftProtobuf
import XCTest

/// Runs the built `port` binary and builds small ONNX models for it.
enum PortCLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `port` binary: next to the test bundle, else in this package's `.build/debug`.
  static let binary: URL? = {
    var candidates: [URL] = []
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("port"))
    }
    candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("port"))
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    candidates.append(packageRoot.appendingPathComponent(".build/debug/port"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }()

  /// Runs `port` with `arguments`, killing it after `timeout` seconds (a hang is a failure).
  static func run(
    _ arguments: [String], timeout: TimeInterval = 60, environment: [String: String] = [:], file: StaticString = #filePath,
    line: UInt = #line
  ) throws -> Result {
    guard let binary else {
      XCTFail("the port binary was not found; build it with `swift build --product port`", file: file, line: line)
      throw XCTSkip("no port binary")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    try process.run()
    // Drain the pipes while it runs, so a large output cannot block it.
    final class Box: @unchecked Sendable { var data = Data() }  // each written by one reader, read after group.wait()
    let outBox = Box()
    let errBox = Box()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { outBox.data = out.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
    if done.wait(timeout: .now() + timeout) == .timedOut {
      process.terminate()
      _ = done.wait(timeout: .now() + 5)
      XCTFail("port \(arguments.joined(separator: " ")) did not finish within \(timeout) s", file: file, line: line)
    }
    group.wait()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
      stderr: String(decoding: errBox.data, as: UTF8.self))
  }

  /// Asserts that `port check` and `port inspect` both refuse the model: exit status 2, nothing on
  /// standard output, and a one-line error naming the file, each of `mentions` (the node, tensor or
  /// field at fault) and the error code in brackets.
  static func assertRefused(
    _ model: URL, code: String, mentions: [String], file: StaticString = #filePath, line: UInt = #line
  ) throws {
    for command in ["check", "inspect"] {
      let result = try run([command, model.path], file: file, line: line)
      let context = "port \(command) \(model.lastPathComponent): stderr: \(result.stderr)"
      XCTAssertEqual(result.status, 2, context, file: file, line: line)
      XCTAssertEqual(result.stdout, "", "no partial output; \(context)", file: file, line: line)
      let lines = result.stderr.split(separator: "\n").map(String.init)
      guard let first = lines.first else {
        XCTFail("no error message; \(context)", file: file, line: line)
        continue
      }
      XCTAssertTrue(first.hasPrefix("error: "), context, file: file, line: line)
      XCTAssertTrue(first.contains(model.lastPathComponent), "names the file; \(context)", file: file, line: line)
      XCTAssertTrue(first.contains("[\(code)]"), "error code [\(code)]; \(context)", file: file, line: line)
      for mention in mentions {
        XCTAssertTrue(first.contains(mention), "mentions \(mention); \(context)", file: file, line: line)
      }
      XCTAssertFalse(result.stderr.contains("Fatal error"), "crashed; \(context)", file: file, line: line)
    }
  }
}

/// A temporary folder, removed when the test ends.
final class TemporaryFolder {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("port-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func write(_ data: Data, to name: String) throws -> URL {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: file)
    return file
  }

  func write(_ model: Onnx_ModelProto, to name: String) throws -> URL {
    try write(try model.serializedData(), to: name)
  }
}

/// Small builders for ONNX protobuf messages.
enum ONNX {
  static let float: Int32 = 1
  static let int64: Int32 = 7

  static func type(_ elementType: Int32, _ dims: [Int64]?) -> Onnx_TypeProto {
    var tensor = Onnx_TypeProto.Tensor()
    tensor.elemType = elementType
    if let dims {
      var shape = Onnx_TensorShapeProto()
      shape.dim = dims.map { size in
        var dim = Onnx_TensorShapeProto.Dimension()
        dim.dimValue = size
        return dim
      }
      tensor.shape = shape
    }
    var type = Onnx_TypeProto()
    type.tensorType = tensor
    return type
  }

  static func value(_ name: String, _ elementType: Int32 = float, _ dims: [Int64]? = nil) -> Onnx_ValueInfoProto {
    var info = Onnx_ValueInfoProto()
    info.name = name
    info.type = type(elementType, dims)
    return info
  }

  static func node(
    _ opType: String, _ inputs: [String], _ outputs: [String], name: String, domain: String = "",
    attributes: [Onnx_AttributeProto] = []
  ) -> Onnx_NodeProto {
    var node = Onnx_NodeProto()
    node.opType = opType
    node.input = inputs
    node.output = outputs
    node.name = name
    node.domain = domain
    node.attribute = attributes
    return node
  }

  static func floats(_ name: String, _ dims: [Int64], _ values: [Float]) -> Onnx_TensorProto {
    var tensor = Onnx_TensorProto()
    tensor.name = name
    tensor.dataType = float
    tensor.dims = dims
    tensor.rawData = values.withUnsafeBufferPointer { Data(buffer: $0) }
    return tensor
  }

  static func graphAttribute(_ name: String, _ graph: Onnx_GraphProto) -> Onnx_AttributeProto {
    var attribute = Onnx_AttributeProto()
    attribute.name = name
    attribute.type = .graph
    attribute.g = graph
    return attribute
  }

  static func intsAttribute(_ name: String, _ values: [Int64]) -> Onnx_AttributeProto {
    var attribute = Onnx_AttributeProto()
    attribute.name = name
    attribute.type = .ints
    attribute.ints = values
    return attribute
  }

  static func graph(
    _ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [Onnx_ValueInfoProto],
    initializers: [Onnx_TensorProto] = [], valueInfo: [Onnx_ValueInfoProto] = [], name: String = "g"
  ) -> Onnx_GraphProto {
    var graph = Onnx_GraphProto()
    graph.name = name
    graph.node = nodes
    graph.input = inputs
    graph.output = outputs
    graph.initializer = initializers
    graph.valueInfo = valueInfo
    return graph
  }

  static func model(_ graph: Onnx_GraphProto?, irVersion: Int64 = 8, opsets: [String: Int64] = ["": 17]) -> Onnx_ModelProto {
    var model = Onnx_ModelProto()
    model.irVersion = irVersion
    model.producerName = "port-cli-tests"
    model.opsetImport = opsets.sorted { $0.key < $1.key }.map { entry in
      var opset = Onnx_OperatorSetIdProto()
      opset.domain = entry.key
      opset.version = entry.value
      return opset
    }
    if let graph { model.graph = graph }
    return model
  }

  /// y = Relu(x) over float[2,3]: a valid model the bad ones are variations of.
  static func reluModel(initializers: [Onnx_TensorProto] = []) -> Onnx_ModelProto {
    model(
      graph(
        [node("Relu", ["x"], ["y"], name: "relu")], inputs: [value("x", float, [2, 3])],
        outputs: [value("y", float, [2, 3])], initializers: initializers))
  }

  /// An initializer 'w' of float[2,3] read by an Add, so the model is otherwise valid.
  static func addModel(_ weight: Onnx_TensorProto) -> Onnx_ModelProto {
    model(
      graph(
        [node("Add", ["x", "w"], ["y"], name: "add")], inputs: [value("x", float, [2, 3])],
        outputs: [value("y", float, [2, 3])], initializers: [weight]))
  }
}
