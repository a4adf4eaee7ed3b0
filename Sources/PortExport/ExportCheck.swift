import Foundation
import ONNXProto
import PortIR
import PortImport

/// libonnx's checker on an exported model, the way the importer runs it: a model whose IR version
/// alone is newer than libonnx knows, but which uses no element type of the newer IR versions, is
/// checked as libonnx's newest IR version (and the result says so); a model with a newer opset or
/// element type is not checked, and the result says why.
public struct ExportCheck: Sendable, Hashable {
  public enum Status: String, Sendable, Hashable { case passed, failed, skipped }
  public var status: Status
  /// What was checked (`libonnx checker 1.12.0 (as IR version 8)`).
  public var name: String
  /// Why it failed or was skipped.
  public var detail: String?

  public var description: String {
    "\(name): \(status.rawValue)" + (detail.map { " (\($0))" } ?? "")
  }

  /// Checks `proto`; `serialized` is its bytes, reused when no patching is needed.
  public static func run(_ proto: Onnx_ModelProto, serialized: Data? = nil) -> ExportCheck {
    var name = "libonnx checker \(LibONNX.version)"
    var tooNew: [String] = []
    for entry in proto.opsetImport {
      guard let known = LibONNX.maxOpset(domain: entry.domain) else { continue }
      if entry.version > known {
        tooNew.append("\(entry.domain.isEmpty ? "ai.onnx" : entry.domain) opset \(entry.version) > \(known)")
      }
    }
    let typesNeed = typesNeeded(proto.graph)
    if typesNeed > LibONNX.maxIRVersion {
      tooNew.append("element types of IR version \(typesNeed) > \(LibONNX.maxIRVersion)")
    }
    guard tooNew.isEmpty else {
      return ExportCheck(
        status: .skipped, name: name,
        detail: "model is newer than libonnx \(LibONNX.version) knows (\(tooNew.joined(separator: ", ")))")
    }
    var checked = proto
    var bytes = serialized
    if Int(proto.irVersion) > LibONNX.maxIRVersion {
      checked.irVersion = Int64(LibONNX.maxIRVersion)
      name += " (as IR version \(LibONNX.maxIRVersion))"
      bytes = nil
    }
    let data: Data
    if let bytes {
      data = bytes
    } else {
      do {
        data = try checked.serializedData()
      } catch {
        return ExportCheck(status: .failed, name: name, detail: "cannot serialize: \(error)")
      }
    }
    switch LibONNX.check(data) {
    case .passed: return ExportCheck(status: .passed, name: name, detail: nil)
    case .failed(let message): return ExportCheck(status: .failed, name: name, detail: message)
    }
  }

  /// The newest IR version the element types of the graph's tensors and declared types need.
  static func typesNeeded(_ graph: Onnx_GraphProto) -> Int {
    var newest = 1
    func note(_ raw: Int32) {
      if let type = ElementType(rawValue: Int(raw)) { newest = max(newest, type.minimumIRVersion) }
    }
    func visit(_ type: Onnx_TypeProto) {
      switch type.value {
      case .tensorType(let t): note(t.elemType)
      case .sparseTensorType(let t): note(t.elemType)
      case .sequenceType(let s): visit(s.elemType)
      case .optionalType(let o): visit(o.elemType)
      case .mapType(let m):
        note(m.keyType)
        visit(m.valueType)
      default: break
      }
    }
    for tensor in graph.initializer { note(tensor.dataType) }
    for info in graph.input + graph.output + graph.valueInfo { visit(info.type) }
    for node in graph.node {
      for attribute in node.attribute {
        if attribute.hasT { note(attribute.t.dataType) }
        for tensor in attribute.tensors { note(tensor.dataType) }
        if attribute.hasG { newest = max(newest, typesNeeded(attribute.g)) }
        for g in attribute.graphs { newest = max(newest, typesNeeded(g)) }
      }
    }
    return newest
  }
}
