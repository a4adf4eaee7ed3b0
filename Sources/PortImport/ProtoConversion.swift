import Foundation
import ONNXProto
import PortIR

/// Converts swift-protobuf ONNX messages into IR values, checking every field a user can get wrong.
struct ProtoConverter {
  /// The model file, for locations and for resolving external data.
  let modelPath: String
  let limits: ImportLimits
  var externalFiles: [String: Data] = [:]
  /// raw_data of the main graph's large initializers, left in the mapped file (see `WeightIndex`).
  var mappedPayloads: [String: Data] = [:]
  var generatedNames = 0

  init(modelPath: String, limits: ImportLimits) {
    self.modelPath = modelPath
    self.limits = limits
  }

  func fail(_ code: PortError.Code, _ message: String, node: String? = nil, field: String? = nil, hint: String? = nil)
    -> PortError
  {
    PortError(code, message, at: Location(file: modelPath, node: node, field: field), hint: hint)
  }

  // MARK: Types

  func elementType(_ raw: Int32, field: String, node: String? = nil) throws -> ElementType {
    guard let type = ElementType(rawValue: Int(raw)) else {
      throw fail(
        .unknownElementType, "unknown element type \(raw)", node: node, field: field,
        hint: "ONNX defines element types 1 to \(ElementType.allCases.map(\.rawValue).max()!)")
    }
    return type
  }

  func valueType(_ proto: Onnx_TypeProto, field: String) throws -> ValueType {
    switch proto.value {
    case .tensorType(let tensor):
      let element = tensor.elemType == 0 ? nil : try elementType(tensor.elemType, field: field)
      let shape = tensor.hasShape ? try self.shape(tensor.shape, field: field) : nil
      guard let element else { return .unknown }
      return .tensor(element, shape)
    case .sparseTensorType(let tensor):
      let element = try elementType(tensor.elemType, field: field)
      return .sparseTensor(element, tensor.hasShape ? try shape(tensor.shape, field: field) : nil)
    case .sequenceType(let sequence):
      return .sequence(sequence.hasElemType ? try valueType(sequence.elemType, field: field) : .unknown)
    case .optionalType(let optional):
      return .optional(optional.hasElemType ? try valueType(optional.elemType, field: field) : .unknown)
    case .mapType(let map):
      return .map(
        key: try elementType(map.keyType, field: field),
        value: map.hasValueType ? try valueType(map.valueType, field: field) : .unknown)
    case .opaqueType, nil:
      return .unknown
    }
  }

  func shape(_ proto: Onnx_TensorShapeProto, field: String) throws -> Shape {
    try Shape(
      proto.dim.map { dim in
        switch dim.value {
        case .dimValue(let size):
          // Some exporters (PaddlePaddle's) write -1 for a dynamic dimension in a declared type.
          if size == -1 { return .unknown }
          guard size >= 0 else {
            throw fail(.negativeDimension, "dimension \(size) is negative", field: field)
          }
          return .fixed(Int(size))
        case .dimParam(let name): return name.isEmpty ? .unknown : .symbol(name)
        case nil: return .unknown
        }
      })
  }

  // MARK: Tensors

  mutating func tensor(
    _ proto: Onnx_TensorProto, field: String, node: String? = nil, mappedPayload: Data? = nil
  ) throws -> Tensor {
    let type = try elementType(proto.dataType, field: field, node: node)
    var shape: [Int] = []
    var count = 1
    for dim in proto.dims {
      guard dim >= 0 else {
        throw fail(.negativeDimension, "dimension \(dim) in dims \(proto.dims) is negative", node: node, field: field)
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
      guard !overflow, product <= limits.maxElements else {
        throw fail(
          .tensorTooLarge, "dims \(proto.dims) declare more elements than can be allocated", node: node, field: field,
          hint: "the limit is \(limits.maxElements) elements per tensor")
      }
      count = product
      shape.append(Int(dim))
    }
    if proto.hasSegment {
      throw fail(.badTensorData, "segmented tensors are not supported", node: node, field: field)
    }
    if type == .string {
      guard proto.stringData.count == count else {
        throw fail(
          .badTensorData, "has \(proto.stringData.count) strings for dims \(proto.dims) (\(count) elements)", node: node,
          field: field)
      }
      return Tensor(strings: proto.stringData.map { String(decoding: $0, as: UTF8.self) }, shape: shape)
    }
    let byteCount = type.byteCount(elements: count)
    if proto.dataLocation == .external {
      let data = try externalData(proto, expectedBytes: byteCount, field: field, node: node)
      return Tensor(type, shape: shape, bytes: data)
    }
    if let mappedPayload {
      guard mappedPayload.count == byteCount else {
        throw fail(
          .badTensorData, "raw_data holds \(mappedPayload.count) bytes; dims \(proto.dims) of \(type) need \(byteCount)",
          node: node, field: field)
      }
      return Tensor(type, shape: shape, bytes: mappedPayload)
    }
    if proto.hasRawData {
      guard proto.rawData.count == byteCount else {
        throw fail(
          .badTensorData, "raw_data holds \(proto.rawData.count) bytes; dims \(proto.dims) of \(type) need \(byteCount)",
          node: node, field: field)
      }
      return Tensor(type, shape: shape, bytes: proto.rawData)
    }
    return try typedFieldTensor(proto, type: type, shape: shape, count: count, field: field, node: node)
  }

  /// Tensors whose data is in the typed repeated fields rather than raw_data.
  func typedFieldTensor(
    _ proto: Onnx_TensorProto, type: ElementType, shape: [Int], count: Int, field: String, node: String?
  ) throws -> Tensor {
    func check(_ available: Int, _ needed: Int, _ name: String) throws {
      guard available == needed else {
        throw fail(
          .badTensorData, "\(name) holds \(available) values; dims \(proto.dims) of \(type) need \(needed)", node: node,
          field: field)
      }
    }
    switch type {
    case .float:
      try check(proto.floatData.count, count, "float_data")
      return Tensor(shape: shape, floats: proto.floatData)
    case .complex64:
      try check(proto.floatData.count, count * 2, "float_data")
      return Tensor(type, shape: shape, bytes: proto.floatData.withUnsafeBufferPointer { Data(buffer: $0) })
    case .double:
      try check(proto.doubleData.count, count, "double_data")
      return Tensor(type, shape: shape, bytes: proto.doubleData.withUnsafeBufferPointer { Data(buffer: $0) })
    case .complex128:
      try check(proto.doubleData.count, count * 2, "double_data")
      return Tensor(type, shape: shape, bytes: proto.doubleData.withUnsafeBufferPointer { Data(buffer: $0) })
    case .int64:
      try check(proto.int64Data.count, count, "int64_data")
      return Tensor(type, shape: shape, int64s: proto.int64Data)
    case .uint32, .uint64:
      try check(proto.uint64Data.count, count, "uint64_data")
      return Tensor(type, shape: shape, uint64s: proto.uint64Data)
    case .int32, .int16, .int8, .uint16, .uint8, .bool:
      try check(proto.int32Data.count, count, "int32_data")
      return Tensor(type, shape: shape, int64s: proto.int32Data.map(Int64.init))
    case .float16, .bfloat16:
      try check(proto.int32Data.count, count, "int32_data")
      var data = Data(count: count * 2)
      data.withUnsafeMutableBytes { raw in
        for (i, bits) in proto.int32Data.enumerated() {
          raw.storeBytes(of: UInt16(truncatingIfNeeded: bits), toByteOffset: i * 2, as: UInt16.self)
        }
      }
      return Tensor(type, shape: shape, bytes: data)
    case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0:
      try check(proto.int32Data.count, count, "int32_data")
      return Tensor(type, shape: shape, bytes: Data(proto.int32Data.map { UInt8(truncatingIfNeeded: $0) }))
    case .int4, .uint4, .float4e2m1, .int2, .uint2, .float6e2m3, .float6e3m2:
      // Sub-byte types keep their packed bytes, one byte per int32_data entry.
      let bytes = type.byteCount(elements: count)
      try check(proto.int32Data.count, bytes, "int32_data (packed bytes)")
      return Tensor(type, shape: shape, bytes: Data(proto.int32Data.map { UInt8(truncatingIfNeeded: $0) }))
    case .string:
      preconditionFailure("strings are handled by the caller")
    }
  }

  /// Reads `data_location = EXTERNAL` data relative to the model's folder, refusing paths that
  /// leave it, and mapping each file once.
  mutating func externalData(_ proto: Onnx_TensorProto, expectedBytes: Int, field: String, node: String?) throws -> Data {
    var entries: [String: String] = [:]
    for entry in proto.externalData { entries[entry.key] = entry.value }
    guard let location = entries["location"], !location.isEmpty else {
      throw fail(.externalData, "external data has no 'location'", node: node, field: field)
    }
    let folder = URL(fileURLWithPath: modelPath).deletingLastPathComponent().standardizedFileURL.path
    if location.hasPrefix("/") || location.split(separator: "/").contains("..") || location.contains("\\") {
      throw fail(
        .externalData, "external data location '\(location)' is outside the model's folder", node: node, field: field,
        hint: "locations must be relative paths below \(folder)")
    }
    let path = folder + "/" + location
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    let resolvedFolder = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
    guard resolved.hasPrefix(resolvedFolder + "/") else {
      throw fail(
        .externalData, "external data location '\(location)' resolves outside the model's folder", node: node,
        field: field)
    }
    let offset = Int(entries["offset"] ?? "0") ?? -1
    let length = entries["length"].map { Int($0) ?? -1 } ?? expectedBytes
    guard offset >= 0, length >= 0, !offset.addingReportingOverflow(length).overflow else {
      throw fail(
        .externalData, "external data offset '\(entries["offset"] ?? "")' / length '\(entries["length"] ?? "")' are not sensible non-negative integers",
        node: node, field: field)
    }
    guard length == expectedBytes else {
      throw fail(
        .externalData, "external data length \(length) disagrees with the \(expectedBytes) bytes its dims need",
        node: node, field: field)
    }
    let file: Data
    if let cached = externalFiles[path] {
      file = cached
    } else {
      guard FileManager.default.fileExists(atPath: path) else {
        throw fail(.externalData, "external data file '\(location)' is missing", node: node, field: field)
      }
      file = try MappedFile.map(path)
      externalFiles[path] = file
    }
    guard offset + length <= file.count else {
      throw fail(
        .externalData,
        "external data file '\(location)' is too short: needs bytes \(offset)..<\(offset + length), has \(file.count)",
        node: node, field: field)
    }
    return file.subdata(in: offset..<(offset + length))
  }

  mutating func sparseTensor(_ proto: Onnx_SparseTensorProto, field: String, node: String? = nil) throws -> Tensor {
    let values = try tensor(proto.values, field: field + ".values", node: node)
    let indices = try tensor(proto.indices, field: field + ".indices", node: node).int64s()
    let shape = proto.dims.map(Int.init)
    guard !shape.contains(where: { $0 < 0 }) else {
      throw fail(.negativeDimension, "sparse tensor dims \(proto.dims) are negative", node: node, field: field)
    }
    // The dense form is allocated, so it is held to the allocation limit, checked before allocating.
    var count = 1
    for size in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow, product <= limits.maxDensifiedElements else {
        throw fail(
          .tensorTooLarge, "sparse tensor dims \(proto.dims) are too large to make dense", node: node, field: field,
          hint: "the limit is \(limits.maxDensifiedElements) elements")
      }
      count = product
    }
    let nnz = values.count
    var linear: [Int] = []
    if indices.count == nnz {
      linear = indices.map(Int.init)
    } else if indices.count == nnz * shape.count {
      for i in 0..<nnz {
        var index = 0
        for d in 0..<shape.count { index = index * shape[d] + Int(indices[i * shape.count + d]) }
        linear.append(index)
      }
    } else {
      throw fail(.badTensorData, "sparse tensor indices do not match its \(nnz) values", node: node, field: field)
    }
    guard linear.allSatisfy({ $0 >= 0 && $0 < count }) else {
      throw fail(.badTensorData, "sparse tensor index out of range", node: node, field: field)
    }
    if values.elementType == .string {
      var dense = Array(repeating: "", count: count)
      for (i, index) in linear.enumerated() { dense[index] = values.strings[i] }
      return Tensor(strings: dense, shape: shape)
    }
    var dense = [Double](repeating: 0, count: count)
    let source = values.doubles()
    for (i, index) in linear.enumerated() { dense[index] = source[i] }
    return Tensor(values.elementType, shape: shape, doubles: dense)
  }

  // MARK: Attributes

  mutating func attribute(_ proto: Onnx_AttributeProto, node: String, depth: Int) throws -> Attribute {
    let field = "attribute '\(proto.name)'"
    let holdsGraphs = proto.type == .graph || proto.type == .graphs || (proto.type == .undefined && proto.hasG)
    if holdsGraphs && depth + 1 > limits.maxGraphNesting {
      throw fail(
        .nestingTooDeep, "subgraphs nest deeper than \(limits.maxGraphNesting) levels", node: node, field: field,
        hint: "flatten the control flow, or raise the limit")
    }
    switch proto.type {
    case .int: return .int(Int(proto.i))
    case .float: return .float(proto.f)
    case .string: return .string(String(decoding: proto.s, as: UTF8.self))
    case .tensor: return .tensor(try tensor(proto.t, field: field, node: node))
    case .sparseTensor: return .tensor(try sparseTensor(proto.sparseTensor, field: field, node: node))
    case .graph: return .graph(try graph(proto.g, depth: depth + 1))
    case .typeProto: return .type(try valueType(proto.tp, field: field))
    case .ints: return .ints(proto.ints.map { Int($0) })
    case .floats: return .floats(proto.floats)
    case .strings: return .strings(proto.strings.map { String(decoding: $0, as: UTF8.self) })
    case .tensors: return .tensors(try proto.tensors.map { try tensor($0, field: field, node: node) })
    case .graphs: return .graphs(try proto.graphs.map { try graph($0, depth: depth + 1) })
    case .typeProtos: return .types(try proto.typeProtos.map { try valueType($0, field: field) })
    case .sparseTensors:
      return .tensors(try proto.sparseTensors.map { try sparseTensor($0, field: field, node: node) })
    case .undefined:
      // Old models leave `type` unset; the field that is set says what it is.
      if proto.hasI { return .int(Int(proto.i)) }
      if proto.hasF { return .float(proto.f) }
      if proto.hasS { return .string(String(decoding: proto.s, as: UTF8.self)) }
      if proto.hasT { return .tensor(try tensor(proto.t, field: field, node: node)) }
      if proto.hasG { return .graph(try graph(proto.g, depth: depth + 1)) }
      if !proto.ints.isEmpty { return .ints(proto.ints.map { Int($0) }) }
      if !proto.floats.isEmpty { return .floats(proto.floats) }
      if !proto.strings.isEmpty { return .strings(proto.strings.map { String(decoding: $0, as: UTF8.self) }) }
      throw fail(.badAttribute, "attribute has no type and no value", node: node, field: field)
    }
  }

  // MARK: Graphs

  mutating func graph(_ proto: Onnx_GraphProto, depth: Int) throws -> Graph {
    guard depth <= limits.maxGraphNesting else {
      throw fail(
        .nestingTooDeep, "subgraphs nest deeper than \(limits.maxGraphNesting) levels", field: "graph '\(proto.name)'")
    }
    var graph = Graph(name: proto.name.isEmpty ? (depth == 0 ? "main" : "body") : proto.name)
    graph.docString = proto.docString
    for initializer in proto.initializer {
      let field = "initializer '\(initializer.name)'"
      if graph.initializers[initializer.name] != nil {
        throw fail(.duplicateName, "initializer '\(initializer.name)' is defined twice", field: field)
      }
      let payload = depth == 0 ? mappedPayloads[initializer.name] : nil
      graph.initializers[initializer.name] = try tensor(initializer, field: field, mappedPayload: payload)
    }
    for sparse in proto.sparseInitializer {
      let name = sparse.values.name
      graph.initializers[name] = try sparseTensor(sparse, field: "sparse initializer '\(name)'")
    }
    var seenInputs = Set<String>()
    for input in proto.input {
      guard seenInputs.insert(input.name).inserted else {
        throw fail(.duplicateName, "graph input '\(input.name)' is listed twice", field: "graph '\(graph.name)'")
      }
      let type = input.hasType ? try valueType(input.type, field: "input '\(input.name)'") : .unknown
      // An input that also has an initializer is a constant with a default (IR < 4 style).
      if graph.initializers[input.name] == nil {
        graph.inputs.append(input.name)
        graph.types[input.name] = type
      }
    }
    var seenOutputs = Set<String>()
    for output in proto.output {
      guard seenOutputs.insert(output.name).inserted else {
        throw fail(.duplicateName, "graph output '\(output.name)' is listed twice", field: "graph '\(graph.name)'")
      }
      graph.outputs.append(output.name)
      if output.hasType {
        graph.types[output.name] = try valueType(output.type, field: "output '\(output.name)'")
      }
    }
    for info in proto.valueInfo where info.hasType {
      graph.types[info.name] = try valueType(info.type, field: "value_info '\(info.name)'")
    }
    var nodeNames = Set<String>()
    for (index, nodeProto) in proto.node.enumerated() {
      var name = nodeProto.name
      if name.isEmpty || nodeNames.contains(name) {
        let base = name.isEmpty ? "\(nodeProto.opType)_\(index)" : "\(name)_\(index)"
        name = base
        var counter = 0
        while nodeNames.contains(name) {
          counter += 1
          name = "\(base)_\(counter)"
        }
      }
      nodeNames.insert(name)
      var attributes: [String: Attribute] = [:]
      for attributeProto in nodeProto.attribute {
        if !attributeProto.refAttrName.isEmpty {
          attributes[attributeProto.name] = .string("@ref:" + attributeProto.refAttrName)
          continue
        }
        attributes[attributeProto.name] = try attribute(attributeProto, node: name, depth: depth)
      }
      graph.nodes.append(
        Node(
          name: name, opType: nodeProto.opType, domain: nodeProto.domain == "ai.onnx" ? "" : nodeProto.domain,
          inputs: nodeProto.input, outputs: nodeProto.output, attributes: attributes))
    }
    return graph
  }
}

/// Bounds that protect against hostile or broken files.
public struct ImportLimits: Sendable {
  /// Largest element count of one tensor, refused before anything is allocated.
  public var maxElements: Int = 1 << 34
  /// Largest element count of a sparse tensor made dense (which allocates it).
  public var maxDensifiedElements: Int = 1 << 28
  /// Most nodes a graph may have once model-local functions are inlined (calls can nest and
  /// multiply).
  public var maxNodes: Int = 2_000_000
  /// Deepest nesting of subgraphs (If inside Loop inside …).
  public var maxGraphNesting: Int = 24
  public init() {}
}
