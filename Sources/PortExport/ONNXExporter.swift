import Foundation
import ONNXProto
import PortIR
import PortImport
import PortOps
import SwiftProtobuf

/// IR → ONNX: writes a model (as imported, or as a target rewrote it) back to an ONNX
/// `ModelProto` that libonnx's checker accepts and ModelPort's importer reads back to the same graph.
///
/// The IR holds every node in its canonical form (the newest opset version's form, see
/// `OpDefinition.canonicalize`), so the opsets the model imported may no longer describe it: a
/// ReduceSum of an opset-11 model takes its axes as an input, which only opset 13 allows. Each
/// domain is therefore exported at the lowest opset at which every node's arity fits its schema
/// (at least the opset the model imported), and the IR version at least what that opset and the
/// element types need.
public struct ONNXExporter {
  public init() {}

  /// The opset of each domain the export declares.
  public static func opsets(for model: Model) -> [String: Int] {
    var opsets: [String: Int] = [:]
    for (domain, version) in model.opsetImports { opsets[OpRegistry.canonicalDomain(domain)] = version }
    for node in model.graph.allNodes {
      let domain = OpRegistry.canonicalDomain(node.domain)
      let needed = requiredOpset(of: node, imported: opsets[domain])
      opsets[domain] = max(opsets[domain] ?? needed, needed)
    }
    return opsets
  }

  /// Attributes (and attribute values) canonical forms use that older versions of the op lack:
  /// the opset that introduced them. Arity alone does not show these.
  static func attributeOpset(of node: Node) -> Int {
    var needed = 0
    switch (node.domain, node.opType) {
    case ("", "Split") where node.attributes["num_outputs"] != nil: needed = 18
    case ("", "RoiAlign") where node.attributes["coordinate_transformation_mode"] != nil: needed = 16
    case ("", "BatchNormalization") where node.attributes["training_mode"] != nil: needed = 14
    case ("", "GridSample"):
      if let mode = node.attributes["mode"]?.string, mode == "linear" || mode == "cubic" { needed = 20 }
    case ("ai.onnx.ml", "LabelEncoder"):
      if ["keys_tensor", "values_tensor", "default_tensor"].contains(where: { node.attributes[$0] != nil }) { needed = 4 }
    default: break
    }
    return needed
  }

  /// The lowest opset of the node's domain at which its canonical form fits the schema: from the
  /// version in force at the opset it was imported with, upwards, the first whose arity fits (and
  /// not before the attributes it uses exist).
  static func requiredOpset(of node: Node, imported: Int?) -> Int {
    let importedOpset = max(node.opsetVersion > 0 ? node.opsetVersion : (imported ?? 1), attributeOpset(of: node))
    guard let versions = StandardOperators.versions(opType: node.opType, domain: node.domain), !versions.isEmpty else {
      return importedOpset
    }
    let start = versions.lastIndex { $0.since <= importedOpset } ?? 0
    for version in versions[start...] {
      if version.inputs.contains(node.inputs.count) && version.outputs.contains(node.outputs.count) {
        return max(version.since, importedOpset)
      }
    }
    return max(versions[versions.count - 1].since, importedOpset)
  }

  /// The lowest IR version that allows an ai.onnx opset (onnx's `helper.VERSION_TABLE`).
  public static func minimumIRVersion(forOpset opset: Int) -> Int {
    switch opset {
    case ...8: 3
    case 9: 4
    case 10: 5
    case 11: 6
    case 12...14: 7
    case 15...18: 8
    case 19...20: 9
    case 21...22: 10
    case 23: 11
    case 24: 12
    default: 13
    }
  }

  /// The model as an ONNX `ModelProto`.
  public func export(_ model: Model) throws -> Onnx_ModelProto {
    let opsets = Self.opsets(for: model)
    var proto = Onnx_ModelProto()
    let typesNeed = model.graph.elementTypesUsed.map(\.minimumIRVersion).max() ?? 1
    // IR 4 lets initializers be something else than graph inputs, which is how the IR holds them.
    proto.irVersion = Int64(
      max(model.irVersion, 4, typesNeed, Self.minimumIRVersion(forOpset: opsets[""] ?? 1)))
    proto.opsetImport = opsets.sorted { $0.key < $1.key }.map { domain, version in
      var entry = Onnx_OperatorSetIdProto()
      entry.domain = domain
      entry.version = Int64(version)
      return entry
    }
    proto.producerName = model.producerName.isEmpty ? "modelport" : model.producerName
    proto.producerVersion = model.producerVersion
    proto.domain = model.domain
    proto.modelVersion = Int64(model.modelVersion)
    proto.docString = model.docString
    proto.metadataProps = model.metadata.sorted { $0.key < $1.key }.map { key, value in
      var entry = Onnx_StringStringEntryProto()
      entry.key = key
      entry.value = value
      return entry
    }
    proto.graph = try graph(model.graph, path: model.graph.name)
    return proto
  }

  /// The model serialized; refuses what a single protobuf file cannot hold (2 GiB).
  public func serialize(_ model: Model) throws -> Data {
    try serialize(try export(model), name: model.graph.name)
  }

  func serialize(_ proto: Onnx_ModelProto, name: String) throws -> Data {
    let size = proto.graph.initializer.reduce(0) { $0 + $1.rawData.count }
    guard size < Int(Int32.max) else {
      throw PortError(
        .unsupported, "the model's weights (\(size) bytes) do not fit one ONNX file (2 GiB)",
        at: Location(field: "graph '\(name)'"), hint: "exporting weights as external data is not supported yet")
    }
    do {
      return try proto.serializedData()
    } catch {
      throw PortError(.unsupported, "cannot serialize the exported model: \(error)", at: Location(field: "graph '\(name)'"))
    }
  }

  /// Exports and writes atomically (a temporary file renamed into place): a reader never sees
  /// half a model. Returns the libonnx check of what was written.
  @discardableResult
  public func write(_ model: Model, to path: String) throws -> ExportCheck {
    let proto = try export(model)
    let data = try serialize(proto, name: model.graph.name)
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try data.write(to: temporary)
    } catch {
      throw PortError(.fileUnreadable, "cannot write the exported model: \(error.localizedDescription)", at: Location(file: path))
    }
    if rename(temporary.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw PortError(.fileUnreadable, "cannot move the exported model into place: \(reason)", at: Location(file: path))
    }
    return ExportCheck.run(proto, serialized: data)
  }

  // MARK: Graphs

  func graph(_ graph: Graph, path: String) throws -> Onnx_GraphProto {
    var proto = Onnx_GraphProto()
    proto.name = graph.name
    proto.docString = graph.docString
    for name in graph.initializers.keys.sorted() {
      guard let tensor = graph.initializers[name] else { continue }
      proto.initializer.append(Self.tensor(tensor, name: name))
    }
    proto.input = graph.inputs.map { valueInfo($0, graph.type(of: $0)) }
    proto.output = graph.outputs.map { valueInfo($0, graph.type(of: $0)) }
    let declared = Set(graph.inputs).union(graph.outputs).union(graph.initializers.keys)
    var produced = Set<String>()
    for node in graph.nodes { produced.formUnion(node.outputs.filter { !$0.isEmpty }) }
    // value_info: the types known of intermediate values this graph defines (the importer reads
    // them back; libonnx's inference checks them).
    for name in produced.subtracting(declared).sorted() {
      if let type = graph.types[name], Self.isExpressible(type) { proto.valueInfo.append(valueInfo(name, type)) }
    }
    proto.node = try graph.nodes.map { try node($0, graphPath: path) }
    return proto
  }

  func node(_ node: Node, graphPath: String) throws -> Onnx_NodeProto {
    var proto = Onnx_NodeProto()
    proto.name = node.name
    proto.opType = node.opType
    proto.domain = node.domain
    proto.input = node.inputs
    proto.output = node.outputs
    proto.attribute = try node.attributes.keys.sorted().compactMap { name in
      guard let value = node.attributes[name] else { return nil }
      return try attribute(name, value, node: node, graphPath: graphPath)
    }
    return proto
  }

  func attribute(_ name: String, _ value: Attribute, node: Node, graphPath: String) throws -> Onnx_AttributeProto {
    var proto = Onnx_AttributeProto()
    proto.name = name
    switch value {
    case .int(let v):
      proto.type = .int
      proto.i = Int64(v)
    case .float(let v):
      proto.type = .float
      proto.f = v
    case .string(let v):
      // A function body's reference to its caller's attribute (kept as "@ref:NAME" on import).
      if v.hasPrefix("@ref:") {
        proto.refAttrName = String(v.dropFirst(5))
        proto.type = .undefined
      } else {
        proto.type = .string
        proto.s = Data(v.utf8)
      }
    case .tensor(let t):
      proto.type = .tensor
      proto.t = Self.tensor(t, name: "")
    case .graph(let g):
      proto.type = .graph
      proto.g = try graph(g, path: "\(graphPath)/\(node.name).\(name)")
    case .type(let t):
      proto.type = .typeProto
      proto.tp = Self.typeProto(t)
    case .ints(let v):
      proto.type = .ints
      proto.ints = v.map(Int64.init)
    case .floats(let v):
      proto.type = .floats
      proto.floats = v
    case .strings(let v):
      proto.type = .strings
      proto.strings = v.map { Data($0.utf8) }
    case .tensors(let v):
      proto.type = .tensors
      proto.tensors = v.map { Self.tensor($0, name: "") }
    case .graphs(let v):
      proto.type = .graphs
      proto.graphs = try v.enumerated().map { index, g in try graph(g, path: "\(graphPath)/\(node.name).\(name)[\(index)]") }
    case .types(let v):
      proto.type = .typeProtos
      proto.typeProtos = v.map(Self.typeProto)
    }
    return proto
  }

  // MARK: Values

  func valueInfo(_ name: String, _ type: ValueType) -> Onnx_ValueInfoProto {
    var proto = Onnx_ValueInfoProto()
    proto.name = name
    if Self.isExpressible(type) { proto.type = Self.typeProto(type) }
    return proto
  }

  /// Whether a type can be written (an unknown type is left out rather than invented).
  static func isExpressible(_ type: ValueType) -> Bool {
    switch type {
    case .unknown: false
    case .tensor, .sparseTensor: true
    case .sequence(let inner), .optional(let inner): isExpressible(inner)
    case .map(_, let value): isExpressible(value)
    }
  }

  static func typeProto(_ type: ValueType) -> Onnx_TypeProto {
    var proto = Onnx_TypeProto()
    switch type {
    case .tensor(let element, let shape):
      var tensor = Onnx_TypeProto.Tensor()
      tensor.elemType = Int32(element.rawValue)
      if let shape { tensor.shape = shapeProto(shape) }
      proto.tensorType = tensor
    case .sparseTensor(let element, let shape):
      var tensor = Onnx_TypeProto.SparseTensor()
      tensor.elemType = Int32(element.rawValue)
      if let shape { tensor.shape = shapeProto(shape) }
      proto.sparseTensorType = tensor
    case .sequence(let inner):
      var sequence = Onnx_TypeProto.Sequence()
      if isExpressible(inner) { sequence.elemType = typeProto(inner) }
      proto.sequenceType = sequence
    case .optional(let inner):
      var optional = Onnx_TypeProto.Optional()
      if isExpressible(inner) { optional.elemType = typeProto(inner) }
      proto.optionalType = optional
    case .map(let key, let value):
      var map = Onnx_TypeProto.Map()
      map.keyType = Int32(key.rawValue)
      if isExpressible(value) { map.valueType = typeProto(value) }
      proto.mapType = map
    case .unknown:
      break
    }
    return proto
  }

  static func shapeProto(_ shape: Shape) -> Onnx_TensorShapeProto {
    var proto = Onnx_TensorShapeProto()
    proto.dim = shape.dims.map { dim in
      var entry = Onnx_TensorShapeProto.Dimension()
      switch dim {
      case .fixed(let size): entry.dimValue = Int64(size)
      case .symbol(let name): entry.dimParam = name
      case .unknown: break
      }
      return entry
    }
    return proto
  }

  /// A tensor in raw layout (strings in `string_data`), as the IR holds it.
  public static func tensor(_ tensor: Tensor, name: String) -> Onnx_TensorProto {
    var proto = Onnx_TensorProto()
    proto.name = name
    proto.dataType = Int32(tensor.elementType.rawValue)
    proto.dims = tensor.shape.map(Int64.init)
    if tensor.elementType == .string {
      proto.stringData = tensor.strings.map { Data($0.utf8) }
    } else {
      proto.rawData = tensor.bytes
    }
    return proto
  }
}
