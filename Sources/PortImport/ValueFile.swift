import Foundation
import ONNXProto
import PortIR
import SwiftProtobuf

/// Reads and writes ONNX data files: the `input_0.pb` / `output_0.pb` of the ONNX test layout
/// (TensorProto, SequenceProto or OptionalProto, chosen by the value's expected type).
public enum ValueFile {
  public static func read(_ path: String, expecting type: ValueType = .unknown) throws -> HostValue {
    let data = try MappedFile.map(path)
    return try decode(data, expecting: type, path: path)
  }

  public static func decode(_ data: Data, expecting type: ValueType, path: String) throws -> HostValue {
    var converter = ProtoConverter(modelPath: path, limits: ImportLimits())
    do {
      switch type {
      case .sequence:
        return try converter.sequenceValue(try Onnx_SequenceProto(serializedBytes: data), field: "sequence")
      case .optional:
        return try converter.optionalValue(try Onnx_OptionalProto(serializedBytes: data), field: "optional", type: type)
      default:
        return .tensor(try converter.tensor(try Onnx_TensorProto(serializedBytes: data), field: "tensor"))
      }
    } catch let error as PortError {
      throw error
    } catch {
      throw PortError(.notProtobuf, "not an ONNX \(type) data file (\(error))", at: Location(file: path))
    }
  }

  /// Reads a lone TensorProto file.
  public static func readTensor(_ path: String) throws -> Tensor {
    guard let tensor = try read(path).tensor else {
      throw PortError(.badTensorData, "expected a tensor", at: Location(file: path))
    }
    return tensor
  }

  /// Serializes a tensor as a TensorProto (raw_data), the form the ONNX test layout uses.
  public static func encode(_ tensor: Tensor, name: String = "") throws -> Data {
    try ProtoWriter.tensor(tensor, name: name).serializedData()
  }
}

enum ProtoWriter {
  static func tensor(_ tensor: Tensor, name: String) -> Onnx_TensorProto {
    var proto = Onnx_TensorProto()
    proto.name = name
    proto.dataType = Int32(tensor.elementType.rawValue)
    proto.dims = tensor.shape.map(Int64.init)
    switch tensor.storage {
    case .bytes(let data): proto.rawData = data
    case .strings(let values): proto.stringData = values.map { Data($0.utf8) }
    }
    return proto
  }
}

extension ProtoConverter {
  mutating func sequenceValue(_ proto: Onnx_SequenceProto, field: String) throws -> HostValue {
    var values: [HostValue] = []
    for tensor in proto.tensorValues { values.append(.tensor(try self.tensor(tensor, field: field))) }
    for sequence in proto.sequenceValues { values.append(try sequenceValue(sequence, field: field)) }
    for optional in proto.optionalValues { values.append(try optionalValue(optional, field: field, type: .unknown)) }
    let elementType: ValueType
    if let first = values.first {
      elementType = first.valueType
    } else if proto.elemType == Int32(Onnx_SequenceProto.DataType.tensor.rawValue) {
      elementType = .tensor(.float, nil)
    } else {
      elementType = .unknown
    }
    return .sequence(values, elementType: elementType.erasingShape)
  }

  mutating func optionalValue(_ proto: Onnx_OptionalProto, field: String, type: ValueType) throws -> HostValue {
    let inner: ValueType
    if case .optional(let declared) = type { inner = declared } else { inner = .unknown }
    if proto.hasTensorValue { return .optional(.tensor(try tensor(proto.tensorValue, field: field)), elementType: inner) }
    if proto.hasSequenceValue {
      return .optional(try sequenceValue(proto.sequenceValue, field: field), elementType: inner)
    }
    return .optional(nil, elementType: inner)
  }
}

extension ValueType {
  /// The same type with shapes forgotten (sequences of differently shaped tensors share one type).
  public var erasingShape: ValueType {
    switch self {
    case .tensor(let type, _): .tensor(type, nil)
    case .sparseTensor(let type, _): .sparseTensor(type, nil)
    case .sequence(let inner): .sequence(inner.erasingShape)
    case .optional(let inner): .optional(inner.erasingShape)
    case .map(let key, let value): .map(key: key, value: value.erasingShape)
    case .unknown: .unknown
    }
  }
}
