import Foundation
import ONNXProto
import PortIR
import SwiftProtobuf

/// Small ONNX models built with the protobuf types, written to temporary files.
enum TestModels {
  /// y = Relu(x + c) + d with x: float[batch, 8]; nodes `add_bias`, `relu`, `add_offset`.
  static func addRelu(batch: Onnx_TensorShapeProto.Dimension? = nil) throws -> String {
    var graph = Onnx_GraphProto()
    graph.name = "add_relu"
    graph.node = [
      node("Add", ["x", "c"], ["shifted"], "add_bias"),
      node("Relu", ["shifted"], ["activated"], "relu"),
      node("Add", ["activated", "d"], ["y"], "add_offset"),
    ]
    graph.initializer = [
      tensor("c", (0..<8).map { Float($0) * 0.1 - 0.3 }),
      tensor("d", (0..<8).map { Float($0) * -0.05 + 0.2 }),
    ]
    var symbolic = Onnx_TensorShapeProto.Dimension()
    symbolic.dimParam = "batch"
    graph.input = [valueInfo("x", [batch ?? symbolic, fixed(8)])]
    graph.output = [valueInfo("y", [batch ?? symbolic, fixed(8)])]
    return try write(graph, name: "add_relu")
  }

  static func node(_ op: String, _ inputs: [String], _ outputs: [String], _ name: String) -> Onnx_NodeProto {
    var node = Onnx_NodeProto()
    node.opType = op
    node.input = inputs
    node.output = outputs
    node.name = name
    return node
  }

  static func tensor(_ name: String, _ values: [Float]) -> Onnx_TensorProto {
    var proto = Onnx_TensorProto()
    proto.name = name
    proto.dataType = Int32(ElementType.float.rawValue)
    proto.dims = [Int64(values.count)]
    proto.rawData = values.withUnsafeBufferPointer { Data(buffer: $0) }
    return proto
  }

  static func fixed(_ size: Int64) -> Onnx_TensorShapeProto.Dimension {
    var dim = Onnx_TensorShapeProto.Dimension()
    dim.dimValue = size
    return dim
  }

  static func valueInfo(_ name: String, _ dims: [Onnx_TensorShapeProto.Dimension]) -> Onnx_ValueInfoProto {
    var info = Onnx_ValueInfoProto()
    info.name = name
    var tensorType = Onnx_TypeProto.Tensor()
    tensorType.elemType = Int32(ElementType.float.rawValue)
    var shape = Onnx_TensorShapeProto()
    shape.dim = dims
    tensorType.shape = shape
    var type = Onnx_TypeProto()
    type.tensorType = tensorType
    info.type = type
    return info
  }

  static func write(_ graph: Onnx_GraphProto, name: String) throws -> String {
    var model = Onnx_ModelProto()
    model.irVersion = 10
    model.producerName = "PortHarnessTests"
    var opset = Onnx_OperatorSetIdProto()
    opset.domain = ""
    opset.version = 21
    model.opsetImport = [opset]
    model.graph = graph
    let directory = temporaryDirectory()
    let path = directory + "/\(name).onnx"
    try model.serializedData().write(to: URL(fileURLWithPath: path))
    return path
  }

  static func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "port-harness-tests-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
