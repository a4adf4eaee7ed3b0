import Foundation
import ONNXProto
import PortIR
import SwiftProtobuf
import XCTest

@testable import PortImport

/// The canonical form does not depend on the opset a model was written for: a model, and the
/// same model moved to a newer opset by libonnx's version converter, import to the same graph.
final class VersionConversionTests: XCTestCase {
  /// y = ReduceSum(x) over axis 1 without kept dims, with `axes` as the attribute of opset 11.
  func reduceSumOpset11() throws -> Data {
    var attribute = Onnx_AttributeProto()
    attribute.name = "axes"
    attribute.type = .ints
    attribute.ints = [1]
    var keepdims = Onnx_AttributeProto()
    keepdims.name = "keepdims"
    keepdims.type = .int
    keepdims.i = 0
    var node = Onnx_NodeProto()
    node.name = "sum"
    node.opType = "ReduceSum"
    node.input = ["x"]
    node.output = ["y"]
    node.attribute = [attribute, keepdims]
    var graph = Onnx_GraphProto()
    graph.name = "g"
    graph.node = [node]
    graph.input = [Self.value("x", [2, 3, 4])]
    graph.output = [Self.value("y", [2, 4])]
    var model = Onnx_ModelProto()
    model.irVersion = 6
    var opset = Onnx_OperatorSetIdProto()
    opset.version = 11
    model.opsetImport = [opset]
    model.graph = graph
    return try model.serializedData()
  }

  static func value(_ name: String, _ dims: [Int64]) -> Onnx_ValueInfoProto {
    var shape = Onnx_TensorShapeProto()
    shape.dim = dims.map { size in
      var dim = Onnx_TensorShapeProto.Dimension()
      dim.dimValue = size
      return dim
    }
    var tensor = Onnx_TypeProto.Tensor()
    tensor.elemType = 1
    tensor.shape = shape
    var info = Onnx_ValueInfoProto()
    info.name = name
    info.type.tensorType = tensor
    return info
  }

  func testReduceSumAxesAttributeAndInputImportTheSame() throws {
    let original = try reduceSumOpset11()
    let (outcome, converted) = LibONNX.convertVersion(original, to: 13)
    XCTAssertEqual(outcome, .passed)
    let convertedBytes = try XCTUnwrap(converted)
    let old = try ONNXImporter().load(original, path: "reducesum-11.onnx")
    let new = try ONNXImporter().load(convertedBytes, path: "reducesum-13.onnx")
    XCTAssertEqual(old.model.opset, 11)
    XCTAssertEqual(new.model.opset, 13)
    // The opset-11 node was rewritten; the converted one is already canonical.
    XCTAssertEqual(old.report.canonicalizedNodes, 1)
    // libonnx writes the axes as a Constant node, import as a constant: compare values, not names.
    XCTAssertEqual(Self.canonicalListing(old.model.graph), Self.canonicalListing(new.model.graph))
    XCTAssertEqual(Self.canonicalListing(old.model.graph), ["y = ReduceSum(x, int64[1] {1}) {keepdims: 0} -> float[2,4]"])
    XCTAssertEqual(old.model.graph.type(of: "y"), new.model.graph.type(of: "y"))
  }

  /// The nodes of a graph with constants (initializers or Constant nodes) written as their values,
  /// other values by name, and the output types: what a target sees, without naming details.
  static func canonicalListing(_ graph: Graph) -> [String] {
    var constants = graph.initializers
    var lines: [String] = []
    for node in graph.nodes {
      if node.opType == "Constant", node.domain.isEmpty, case .tensor(let tensor)? = node.attributes["value"] {
        constants[node.outputs[0]] = tensor
        continue
      }
      let inputs = node.inputs.map { name in constants[name].map(\.description) ?? (name.isEmpty ? "_" : name) }
      let attributes = node.attributes.keys.sorted().map { "\($0): \(node.attributes[$0]!.text)" }
      let types = node.outputs.map { graph.type(of: $0).description }.joined(separator: ", ")
      lines.append(
        "\(node.outputs.joined(separator: ", ")) = \(node.qualifiedOpType)(\(inputs.joined(separator: ", ")))"
          + (attributes.isEmpty ? "" : " {\(attributes.joined(separator: ", "))}") + " -> \(types)")
    }
    return lines
  }
}
