import Foundation
import ONNXProto
import PortIR
import SwiftProtobuf
import XCTest

@testable import PortImport

/// Limits that keep hostile models from exhausting time or memory during import.
final class ImporterLimitTests: XCTestCase {
  /// Functions f0 … f(levels-1) of domain "local", each calling the next twice: 2^levels nodes
  /// once inlined.
  static func doublingFunctions(_ levels: Int) throws -> Data {
    var model = Onnx_ModelProto()
    model.irVersion = 8
    var standard = Onnx_OperatorSetIdProto()
    standard.version = 17
    var local = Onnx_OperatorSetIdProto()
    local.domain = "local"
    local.version = 1
    model.opsetImport = [standard, local]
    for level in 0..<levels {
      var function = Onnx_FunctionProto()
      function.name = "f\(level)"
      function.domain = "local"
      function.input = ["a"]
      function.output = ["b"]
      function.opsetImport = [standard, local]
      let callee = level + 1 < levels ? ("f\(level + 1)", "local") : ("Relu", "")
      var first = Onnx_NodeProto()
      first.opType = callee.0
      first.domain = callee.1
      first.input = ["a"]
      first.output = ["t"]
      var second = first
      second.input = ["t"]
      second.output = ["b"]
      function.node = [first, second]
      model.functions.append(function)
    }
    var call = Onnx_NodeProto()
    call.name = "call"
    call.opType = "f0"
    call.domain = "local"
    call.input = ["x"]
    call.output = ["y"]
    var x = Onnx_ValueInfoProto()
    x.name = "x"
    x.type.tensorType.elemType = 1
    var dim = Onnx_TensorShapeProto.Dimension()
    dim.dimValue = 2
    x.type.tensorType.shape.dim = [dim]
    var y = x
    y.name = "y"
    model.graph.name = "g"
    model.graph.node = [call]
    model.graph.input = [x]
    model.graph.output = [y]
    return try model.serializedData()
  }

  func testInliningStaysWithinTheNodeLimit() throws {
    // Small enough to inline: 2^4 Relu nodes.
    let small = try ONNXImporter().load(try Self.doublingFunctions(4), path: "small.onnx")
    XCTAssertEqual(small.model.graph.nodes.count, 16)
    XCTAssertEqual(small.report.inlinedFunctions["f3"], 8)
    // 2^25 nodes: refused once the limit is reached, not after making them all.
    var importer = ONNXImporter()
    importer.limits.maxNodes = 10_000
    let start = Date()
    XCTAssertThrowsError(try importer.load(try Self.doublingFunctions(25), path: "bomb.onnx")) { error in
      let failure = error as? PortError
      XCTAssertEqual(failure?.code, .badFunction)
      XCTAssertEqual(failure?.location.file, "bomb.onnx")
      XCTAssertTrue(failure?.message.contains("more than 10000 nodes") ?? false, "\(error)")
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 10)
  }

  func testSparseTensorTooLargeToDensify() throws {
    var values = Onnx_TensorProto()
    values.name = "s"
    values.dataType = 1
    values.dims = [1]
    values.floatData = [1]
    var indices = Onnx_TensorProto()
    indices.dataType = 7
    indices.dims = [1]
    indices.int64Data = [0]
    var sparse = Onnx_SparseTensorProto()
    sparse.values = values
    sparse.indices = indices
    sparse.dims = [1 << 40, 1 << 40]  // the product overflows Int64
    var model = Onnx_ModelProto()
    model.irVersion = 8
    var standard = Onnx_OperatorSetIdProto()
    standard.version = 17
    model.opsetImport = [standard]
    model.graph.name = "g"
    model.graph.sparseInitializer = [sparse]
    var y = Onnx_ValueInfoProto()
    y.name = "s"
    model.graph.output = [y]
    XCTAssertThrowsError(try ONNXImporter().load(try model.serializedData(), path: "sparse.onnx")) { error in
      XCTAssertEqual((error as? PortError)?.code, .tensorTooLarge, "\(error)")
      XCTAssertEqual((error as? PortError)?.location.field, "sparse initializer 's'")
    }
  }
}
