import Foundation
import ONNXProto
import PortExport
import PortIR
import PortImport
import XCTest

/// Import → export → import keeps the graph (nodes, ops, attributes, initializers, types), the
/// export passes libonnx's checker where libonnx knows the opsets, and exporting the re-imported
/// model gives the same bytes.
final class RoundTripTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let data = root.appendingPathComponent(".cache/onnx-1.22.0/backend-test-data")

  struct Outcome {
    var checked = 0
    var skippedChecks: [String] = []
  }

  /// Round-trips one file; returns the checker's verdict.
  /// Exports libonnx 1.12 could not check (opsets above 17), for onnx 1.22's Python checker.
  var uncheckedExports: [String: URL] = [:]
  let keptFolder = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString)")

  override func tearDown() {
    try? FileManager.default.removeItem(at: keptFolder)
    super.tearDown()
  }

  @discardableResult
  func roundTrip(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> ExportCheck? {
    let first: ImportedModel
    do {
      first = try ONNXImporter().load(path)
    } catch {
      return nil  // the importer refuses it on its own: nothing to round-trip
    }
    let exporter = ONNXExporter()
    let proto = try exporter.export(first.model)
    let bytes = try proto.serializedData()
    let check = ExportCheck.run(proto, serialized: bytes)
    XCTAssertNotEqual(check.status, .failed, "\(path): \(check.description)", file: file, line: line)
    let exported = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString).onnx")
    defer { try? FileManager.default.removeItem(at: exported) }
    try bytes.write(to: exported)
    let second: ImportedModel
    do {
      second = try ONNXImporter().load(exported.path)
    } catch {
      XCTFail("\(path): the exported model does not import: \(error)", file: file, line: line)
      return check
    }
    if check.status == .skipped {
      try FileManager.default.createDirectory(at: keptFolder, withIntermediateDirectories: true)
      let kept = keptFolder.appendingPathComponent("\(uncheckedExports.count).onnx")
      try bytes.write(to: kept)
      uncheckedExports[path] = kept
    }
    assertSameGraph(first.model.graph, second.model.graph, path, file: file, line: line)
    let again = try exporter.serialize(second.model)
    XCTAssertEqual(again, bytes, "\(path): exporting the re-imported model gives other bytes", file: file, line: line)
    return check
  }

  /// Node by node (the opset a node was imported with may rise: the export declares the opset its
  /// canonical form needs), then initializers and types.
  func assertSameGraph(_ a: Graph, _ b: Graph, _ path: String, file: StaticString, line: UInt) {
    XCTAssertEqual(a.inputs, b.inputs, "\(path): graph '\(a.name)' inputs", file: file, line: line)
    XCTAssertEqual(a.outputs, b.outputs, "\(path): graph '\(a.name)' outputs", file: file, line: line)
    XCTAssertEqual(
      Set(a.initializers.keys), Set(b.initializers.keys), "\(path): graph '\(a.name)' initializer names", file: file,
      line: line)
    for (name, tensor) in a.initializers where b.initializers[name] != tensor {
      XCTFail("\(path): initializer '\(name)' differs", file: file, line: line)
    }
    XCTAssertEqual(a.nodes.count, b.nodes.count, "\(path): graph '\(a.name)' node count", file: file, line: line)
    for (x, y) in zip(a.nodes, b.nodes) {
      let context = "\(path): node '\(x.name)'"
      XCTAssertEqual(x.name, y.name, context, file: file, line: line)
      XCTAssertEqual(x.qualifiedOpType, y.qualifiedOpType, context, file: file, line: line)
      XCTAssertEqual(x.inputs, y.inputs, context, file: file, line: line)
      XCTAssertEqual(x.outputs, y.outputs, context, file: file, line: line)
      XCTAssertEqual(Set(x.attributes.keys), Set(y.attributes.keys), "\(context) attribute names", file: file, line: line)
      for (key, value) in x.attributes {
        guard let other = y.attributes[key] else { continue }
        switch (value, other) {
        case (.graph(let g), .graph(let h)): assertSameGraph(g, h, "\(context).\(key)", file: file, line: line)
        case (.graphs(let gs), .graphs(let hs)):
          XCTAssertEqual(gs.count, hs.count, "\(context).\(key)", file: file, line: line)
          for (g, h) in zip(gs, hs) { assertSameGraph(g, h, "\(context).\(key)", file: file, line: line) }
        default: XCTAssertEqual(value, other, "\(context) attribute '\(key)'", file: file, line: line)
        }
      }
    }
    for name in a.inputs + a.outputs {
      XCTAssertEqual(a.type(of: name), b.type(of: name), "\(path): type of '\(name)'", file: file, line: line)
    }
    for (name, type) in a.types where b.types[name] != type && type != .unknown {
      XCTFail("\(path): type of '\(name)': \(type) became \(b.types[name]?.description ?? "nothing")", file: file, line: line)
    }
  }

  func testFixtures() throws {
    let folder = Self.root.appendingPathComponent("Fixtures")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    var checked = 0
    for name in names {
      let path = folder.appendingPathComponent(name).appendingPathComponent("model.onnx").path
      guard FileManager.default.fileExists(atPath: path) else { continue }
      if try roundTrip(path)?.status == .passed { checked += 1 }
    }
    XCTAssertGreaterThanOrEqual(checked, 5, "most fixtures are checked by libonnx")
  }

  func testLightModels() throws {
    let folder = Self.data.appendingPathComponent("light")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
      throw XCTSkip("skipped: no ONNX backend test data at \(folder.path) (Scripts/fetch-conformance-data)")
    }
    for name in names.sorted() where name.hasSuffix(".onnx") {
      let check = try roundTrip(folder.appendingPathComponent(name).path)
      XCTAssertEqual(check?.status, .passed, "\(name): \(check?.description ?? "not imported")")
    }
  }

  /// Every 6th node test, and every test with subgraphs, sequences or optionals.
  func testBackendNodeSample() throws {
    let folder = Self.data.appendingPathComponent("node")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
      throw XCTSkip("skipped: no ONNX backend test data at \(folder.path) (Scripts/fetch-conformance-data)")
    }
    let special = ["test_if", "test_loop", "test_scan", "sequence", "optional", "test_range_", "test_affine_grid"]
    var counts: [ExportCheck.Status: Int] = [:]
    var skipped: [String: Int] = [:]
    for (index, name) in names.sorted().enumerated() where index % 6 == 0 || special.contains(where: name.contains) {
      let path = folder.appendingPathComponent(name).appendingPathComponent("model.onnx").path
      guard let check = try roundTrip(path) else { continue }
      counts[check.status, default: 0] += 1
      if check.status == .skipped, let detail = check.detail { skipped[detail, default: 0] += 1 }
    }
    print("export round trip over the node sample: \(counts[.passed] ?? 0) checked by libonnx, \(counts[.skipped] ?? 0) newer than libonnx knows, \(counts[.failed] ?? 0) rejected")
    XCTAssertGreaterThan(counts[.passed] ?? 0, 100)
    try checkWithPythonONNX()
  }

  /// The exports newer than libonnx knows, through onnx 1.22's checker (`.venv`, Scripts/setup-python).
  func checkWithPythonONNX() throws {
    let python = Self.root.appendingPathComponent(".venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python), !uncheckedExports.isEmpty else {
      throw XCTSkip("skipped: the onnx 1.22 checker for exports above opset 17 needs .venv (Scripts/setup-python)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    let script = """
      import sys, onnx
      for path in sys.argv[1:]:
          try:
              onnx.checker.check_model(path)
          except Exception as error:
              print(path, str(error).splitlines()[0] if str(error) else type(error).__name__)
      """
    let byExport = Dictionary(uniqueKeysWithValues: uncheckedExports.map { ($0.value.path, $0.key) })
    process.arguments = ["-c", script] + byExport.keys.sorted()
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    for line in output.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      XCTFail("onnx 1.22 checker rejects the export of \(byExport[parts[0]] ?? parts[0]): \(parts.count > 1 ? parts[1] : "")")
    }
    print("onnx 1.22 checker: \(uncheckedExports.count) exports above libonnx's opsets checked")
  }

  /// Symbolic and unknown dims, and a node the importer canonicalized into a newer opset's form,
  /// survive; the opset rises to what that form needs.
  func testCanonicalFormRaisesTheOpset() throws {
    var graph = Graph(name: "g", inputs: ["x"], outputs: ["y"])
    graph.types["x"] = .tensor(.float, Shape([.symbol("batch"), .unknown, 4]))
    graph.types["y"] = .tensor(.float, Shape([.symbol("batch"), 1, 4]))
    graph.initializers["axes"] = Tensor(.int64, shape: [1], int64s: [1])
    graph.nodes = [
      Node(name: "sum", opType: "ReduceSum", inputs: ["x", "axes"], outputs: ["y"], attributes: ["keepdims": .int(1)], opsetVersion: 11)
    ]
    let model = Model(graph: graph, irVersion: 6, opsetImports: ["": 11])
    XCTAssertEqual(ONNXExporter.opsets(for: model)[""], 13)
    let proto = try ONNXExporter().export(model)
    XCTAssertEqual(proto.irVersion, 7)
    XCTAssertEqual(proto.graph.input.first?.type.tensorType.shape.dim.first?.dimParam, "batch")
    XCTAssertEqual(ExportCheck.run(proto).status, .passed)
  }
}
