import Foundation
import ONNXProto
import SwiftProtobuf
import XCTest

/// One test per kind of broken model: `port check` and `port inspect` must refuse it with exit
/// status 2, no output, and one error line naming the file, the node/tensor/field, and the code.
final class BadInputTests: XCTestCase {
  var folder: TemporaryFolder!

  override func setUpWithError() throws { folder = try TemporaryFolder() }
  override func tearDown() { folder = nil }

  func testNotAProtobuf() throws {
    // Field 1 with wire type 7, which protobuf does not have.
    let file = try folder.write(Data([0x0F, 0xFF, 0x00, 0x13, 0x37, 0x00, 0x42]), to: "garbage.onnx")
    try PortCLI.assertRefused(file, code: "not-protobuf", mentions: ["not an ONNX protobuf model"])
  }

  func testTruncatedFile() throws {
    let weight = ONNX.floats("w", [2, 3], [1, 2, 3, 4, 5, 6])
    let bytes = try ONNX.addModel(weight).serializedData()
    let file = try folder.write(bytes.prefix(bytes.count * 2 / 3), to: "truncated.onnx")
    try PortCLI.assertRefused(file, code: "not-protobuf", mentions: ["truncated"])
  }

  func testEmptyFile() throws {
    let file = try folder.write(Data(), to: "empty.onnx")
    try PortCLI.assertRefused(file, code: "empty-model", mentions: ["empty"])
  }

  func testModelWithoutGraph() throws {
    let file = try folder.write(ONNX.model(nil), to: "nograph.onnx")
    try PortCLI.assertRefused(file, code: "missing-graph", mentions: ["graph"])
  }

  func testTextFile() throws {
    let text = "<\n  ir_version: 8,\n  opset_import: [\"\" : 17]\n>\nagraph (float[N] x) => (float[N] y) { y = Relu(x) }\n"
    let file = try folder.write(Data(text.utf8), to: "model.txt")
    try PortCLI.assertRefused(file, code: "not-protobuf", mentions: ["text file"])
  }

  func testGraphCycle() throws {
    // a = Relu(b); b = Relu(a).
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("Relu", ["b"], ["a"], name: "first"), ONNX.node("Relu", ["a"], ["b"], name: "second")],
        inputs: [ONNX.value("x", ONNX.float, [2])], outputs: [ONNX.value("b", ONNX.float, [2])]))
    let file = try folder.write(model, to: "cycle.onnx")
    try PortCLI.assertRefused(file, code: "graph-cycle", mentions: ["node 'first'", "'b'"])
  }

  func testDanglingInput() throws {
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("Add", ["x", "nowhere"], ["y"], name: "add")], inputs: [ONNX.value("x", ONNX.float, [2])],
        outputs: [ONNX.value("y", ONNX.float, [2])]))
    let file = try folder.write(model, to: "dangling.onnx")
    try PortCLI.assertRefused(file, code: "dangling-input", mentions: ["node 'add'", "'nowhere'"])
  }

  func testDuplicateOutputNames() throws {
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("Relu", ["x"], ["y"], name: "one"), ONNX.node("Relu", ["x"], ["y"], name: "two")],
        inputs: [ONNX.value("x", ONNX.float, [2])], outputs: [ONNX.value("y", ONNX.float, [2])]))
    let file = try folder.write(model, to: "duplicate.onnx")
    try PortCLI.assertRefused(file, code: "duplicate-name", mentions: ["node 'two'", "'y'"])
  }

  func testUnknownElementType() throws {
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("Relu", ["x"], ["y"], name: "relu")], inputs: [ONNX.value("x", 99, [2])],
        outputs: [ONNX.value("y", ONNX.float, [2])]))
    let file = try folder.write(model, to: "elemtype.onnx")
    try PortCLI.assertRefused(file, code: "unknown-element-type", mentions: ["input 'x'", "99"])
  }

  func testTensorDataDisagreesWithDims() throws {
    var weight = ONNX.floats("w", [2, 3], [1, 2, 3, 4, 5, 6])
    weight.rawData = weight.rawData.prefix(8)
    let file = try folder.write(ONNX.addModel(weight), to: "shortdata.onnx")
    try PortCLI.assertRefused(file, code: "bad-tensor-data", mentions: ["initializer 'w'", "8 bytes", "24"])
  }

  func testDeclaredSizeTooLargeIsRefusedBeforeAllocating() throws {
    // 2^62 elements declared over four bytes of data: refused on the dims, quickly.
    var weight = ONNX.floats("w", [1 << 31, 1 << 31], [1])
    weight.dims = [1 << 31, 1 << 31]
    let file = try folder.write(ONNX.addModel(weight), to: "huge.onnx")
    let start = Date()
    try PortCLI.assertRefused(file, code: "tensor-too-large", mentions: ["initializer 'w'"])
    XCTAssertLessThan(Date().timeIntervalSince(start), 20)
  }

  func testNegativeDims() throws {
    var weight = ONNX.floats("w", [2, 3], [1, 2, 3, 4, 5, 6])
    weight.dims = [-2, 3]
    let file = try folder.write(ONNX.addModel(weight), to: "negative.onnx")
    try PortCLI.assertRefused(file, code: "negative-dimension", mentions: ["initializer 'w'", "-2"])
  }

  /// A tensor whose data lives in `location` (external data).
  func externalWeight(_ location: String) -> Onnx_TensorProto {
    var weight = ONNX.floats("w", [2, 3], [])
    weight.clearRawData()
    weight.dataLocation = .external
    var entry = Onnx_StringStringEntryProto()
    entry.key = "location"
    entry.value = location
    weight.externalData = [entry]
    return weight
  }

  func testExternalDataOutsideTheModelFolder() throws {
    // A real file one level up, so only the check can stop it.
    _ = try folder.write(Data(count: 24), to: "secret.bin")
    let dotdot = try folder.write(ONNX.addModel(externalWeight("../secret.bin")), to: "models/dotdot.onnx")
    try PortCLI.assertRefused(dotdot, code: "external-data", mentions: ["initializer 'w'", "'../secret.bin'", "outside"])
    let absolutePath = folder.url.appendingPathComponent("secret.bin").path
    let absolute = try folder.write(ONNX.addModel(externalWeight(absolutePath)), to: "models/absolute.onnx")
    try PortCLI.assertRefused(absolute, code: "external-data", mentions: ["initializer 'w'", absolutePath, "outside"])
  }

  func testExternalDataMissing() throws {
    let file = try folder.write(ONNX.addModel(externalWeight("weights.bin")), to: "missing.onnx")
    try PortCLI.assertRefused(file, code: "external-data", mentions: ["initializer 'w'", "'weights.bin'", "missing"])
  }

  func testExternalDataTooShort() throws {
    _ = try folder.write(Data(count: 10), to: "weights.bin")
    let file = try folder.write(ONNX.addModel(externalWeight("weights.bin")), to: "short.onnx")
    try PortCLI.assertRefused(file, code: "external-data", mentions: ["initializer 'w'", "'weights.bin'", "too short"])
  }

  func testIRVersionNewerThanKnown() throws {
    var model = ONNX.reluModel()
    model.irVersion = 99
    let file = try folder.write(model, to: "irversion.onnx")
    try PortCLI.assertRefused(file, code: "unsupported-ir-version", mentions: ["ir_version", "99"])
  }

  func testOpsetNewerThanKnown() throws {
    var model = ONNX.reluModel()
    model.opsetImport[0].version = 99
    let file = try folder.write(model, to: "opset.onnx")
    try PortCLI.assertRefused(file, code: "unsupported-opset", mentions: ["opset_import 'ai.onnx'", "99"])
  }

  func testUnknownOperator() throws {
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("Frobnicate", ["x"], ["y"], name: "frob")], inputs: [ONNX.value("x", ONNX.float, [2])],
        outputs: [ONNX.value("y", ONNX.float, [2])]))
    let file = try folder.write(model, to: "unknownop.onnx")
    try PortCLI.assertRefused(file, code: "unknown-operator", mentions: ["node 'frob'", "'Frobnicate'"])
  }

  func testUnknownDomain() throws {
    let model = ONNX.model(
      ONNX.graph(
        [ONNX.node("Frobnicate", ["x"], ["y"], name: "frob", domain: "com.example")],
        inputs: [ONNX.value("x", ONNX.float, [2])], outputs: [ONNX.value("y", ONNX.float, [2])]))
    let file = try folder.write(model, to: "unknowndomain.onnx")
    try PortCLI.assertRefused(file, code: "unknown-domain", mentions: ["node 'frob'", "'com.example'"])
  }

  /// `levels` If nodes, each holding the next in its then_branch.
  func nestedIfs(_ levels: Int) -> Onnx_ModelProto {
    var inner = ONNX.graph(
      [ONNX.node("Identity", ["x"], ["leaf"], name: "leaf")], inputs: [], outputs: [ONNX.value("leaf", ONNX.float, [2])],
      name: "leaf_graph")
    let elseBranch = ONNX.graph(
      [ONNX.node("Identity", ["x"], ["other"], name: "other")], inputs: [],
      outputs: [ONNX.value("other", ONNX.float, [2])], name: "else_graph")
    for level in (0..<levels).reversed() {
      let output = level == 0 ? "y" : "out\(level)"
      // Only then_branch nests (both would make the model exponentially large).
      let node = ONNX.node(
        "If", ["cond"], [output], name: "if\(level)",
        attributes: [ONNX.graphAttribute("then_branch", inner), ONNX.graphAttribute("else_branch", elseBranch)])
      if level == 0 {
        inner = ONNX.graph(
          [node], inputs: [ONNX.value("cond", 9, []), ONNX.value("x", ONNX.float, [2])],
          outputs: [ONNX.value("y", ONNX.float, [2])])
      } else {
        inner = ONNX.graph([node], inputs: [], outputs: [ONNX.value(output, ONNX.float, [2])], name: "level\(level)")
      }
    }
    return ONNX.model(inner)
  }

  func testSubgraphNestingTooDeep() throws {
    // Beyond the importer's nesting limit: refused at the node holding the too-deep subgraph.
    let deep = try folder.write(nestedIfs(40), to: "deep.onnx")
    try PortCLI.assertRefused(deep, code: "nesting-too-deep", mentions: ["node 'if", "then_branch"])
    // Deep enough to blow a recursive decoder's stack: refused while decoding.
    let deeper = try folder.write(Self.deeplyNestedBytes(2000), to: "deeper.onnx")
    try PortCLI.assertRefused(deeper, code: "nesting-too-deep", mentions: ["nest deeper"])
  }

  /// The bytes of a model nesting `levels` If nodes, encoded by hand from the inside out, since
  /// encoding the messages recursively could itself exhaust the test's stack.
  static func deeplyNestedBytes(_ levels: Int) throws -> Data {
    func varint(_ value: UInt64) -> Data {
      var value = value
      var bytes = Data()
      while value >= 0x80 {
        bytes.append(UInt8(value & 0x7F) | 0x80)
        value >>= 7
      }
      bytes.append(UInt8(value))
      return bytes
    }
    func field(_ number: UInt64, _ payload: Data) -> Data { varint(number << 3 | 2) + varint(UInt64(payload.count)) + payload }
    func field(_ number: UInt64, _ text: String) -> Data { field(number, Data(text.utf8)) }
    // GraphProto.node = 1; NodeProto input = 1, output = 2, name = 3, op_type = 4, attribute = 5;
    // AttributeProto name = 1, g = 6, type = 20 (GRAPH = 5); ModelProto ir_version = 1, graph = 7,
    // opset_import = 8 (OperatorSetIdProto version = 2).
    var graph = field(1, field(1, "x") + field(2, "leaf") + field(4, "Identity"))
    for level in 0..<levels {
      let attribute = field(1, "then_branch") + field(6, graph) + varint(20 << 3) + varint(5)
      graph = field(1, field(1, "cond") + field(2, "out\(level)") + field(3, "if\(level)") + field(4, "If") + field(5, attribute))
    }
    return varint(1 << 3) + varint(8) + field(7, graph) + field(8, varint(2 << 3) + varint(17))
  }
}
