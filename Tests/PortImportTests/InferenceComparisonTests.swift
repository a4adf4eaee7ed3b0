import Foundation
import ONNXProto
import PortIR
import SwiftProtobuf
import XCTest

@testable import PortImport

/// The cross-check of ModelPort's inference with libonnx's, and the check entries import records.
final class InferenceComparisonTests: XCTestCase {
  func testOnlyConflictsAreDisagreements() {
    let graph = Graph(
      inputs: ["x"], outputs: ["y"],
      types: [
        "x": .tensor(.float, Shape(fixed: [2, 3])), "y": .tensor(.float, Shape(fixed: [2, 4])),
        "s": .tensor(.float, Shape(["N", 3])), "r": .tensor(.float, nil), "t": .tensor(.int64, Shape(fixed: [1])),
        "q": .sequence(.tensor(.float, Shape(fixed: [2]))),
      ])
    let libonnx: [String: ValueType] = [
      "y": .tensor(.float, Shape(fixed: [2, 5])),  // size conflict
      "s": .tensor(.float, Shape([7, 3])),  // a symbol against a size: no conflict
      "r": .tensor(.float, Shape(fixed: [4])),  // rank unknown on our side: no conflict
      "t": .tensor(.float, Shape(fixed: [1])),  // element type conflict
      "q": .sequence(.tensor(.float, Shape(fixed: [2, 2]))),  // rank conflict inside a sequence
      "u": .tensor(.float, Shape(fixed: [1])),  // only libonnx knows it
    ]
    let outcome = InferenceComparison.compare(graph, libonnx: libonnx)
    XCTAssertEqual(
      outcome.disagreements,
      [
        "'q': ModelPort seq<float[2]>, libonnx seq<float[2,2]>", "'t': ModelPort int64[1], libonnx float[1]",
        "'y': ModelPort float[2,4], libonnx float[2,5]",
      ])
    XCTAssertEqual(outcome.compared, 5)
    XCTAssertEqual(outcome.onlyLibONNX, 1)
  }

  static func model(opset: Int64, irVersion: Int64 = 8) throws -> Data {
    func value(_ name: String) -> Onnx_ValueInfoProto {
      var dim = Onnx_TensorShapeProto.Dimension()
      dim.dimValue = 3
      var info = Onnx_ValueInfoProto()
      info.name = name
      info.type.tensorType.elemType = 1
      info.type.tensorType.shape.dim = [dim]
      return info
    }
    var add = Onnx_NodeProto()
    add.name = "add"
    add.opType = "Add"
    add.input = ["x", "x"]
    add.output = ["t"]
    var relu = Onnx_NodeProto()
    relu.name = "relu"
    relu.opType = "Relu"
    relu.input = ["t"]
    relu.output = ["y"]
    var model = Onnx_ModelProto()
    model.irVersion = irVersion
    var opsetID = Onnx_OperatorSetIdProto()
    opsetID.version = opset
    model.opsetImport = [opsetID]
    model.graph.name = "g"
    model.graph.node = [add, relu]
    model.graph.input = [value("x")]
    model.graph.output = [value("y")]
    return try model.serializedData()
  }

  func testAgreementIsRecordedAsACheck() throws {
    let imported = try ONNXImporter().load(try Self.model(opset: 14), path: "add.onnx")
    let check = try XCTUnwrap(imported.report.checks.first { $0.name == "inference agrees with libonnx" })
    XCTAssertEqual(check.status, .passed, check.detail ?? "")
    XCTAssertTrue(check.detail?.contains("values compared") ?? false, check.detail ?? "")
    XCTAssertEqual(imported.report.inferenceDisagreements, [])
  }

  func testTooNewForLibONNXIsSkippedWithTheReason() throws {
    let newest = try XCTUnwrap(ONNXImporter.knownOpsets[""])
    guard let known = LibONNX.maxOpset(domain: ""), known < newest else {
      throw XCTSkip("libonnx \(LibONNX.version) knows every opset ModelPort does")
    }
    let imported = try ONNXImporter().load(try Self.model(opset: Int64(known + 1), irVersion: 8), path: "new.onnx")
    let checks = imported.report.checks.filter {
      $0.name.hasPrefix("libonnx") || $0.name == "inference agrees with libonnx"
    }
    XCTAssertEqual(checks.count, 3)
    for check in checks {
      XCTAssertEqual(check.status, .skipped, check.name)
      XCTAssertTrue(check.detail?.contains("ai.onnx opset \(known + 1) > \(known)") ?? false, check.detail ?? "")
    }
  }
}
