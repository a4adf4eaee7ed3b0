import CDNNL
import Foundation
import PortIR

/// One value of the graph while lowering: where it lives and in which layouts it exists.
final class LoweredValue {
  let name: String
  let elementType: ElementType?
  /// The static shape, when known.
  let shape: [Int]?
  var constant: Tensor?
  var hostSlot: Int?
  /// Its materializations in buffers, the first being where its producer wrote it. Plain-layout
  /// consumers and primitives preferring another layout add reordered copies, made once.
  var copies: [(md: dnnl_memory_desc_t?, buffer: BufferID)] = []

  init(name: String, elementType: ElementType?, shape: [Int]?) {
    self.name = name
    self.elementType = elementType
    self.shape = shape
  }
}

/// Builds the step list for a graph: kernels ask it for their inputs in the layouts they want and
/// give it their outputs; it inserts reorders (layout changes) and imports from host values as
/// needed, each once per value and layout.
final class LoweringContext {
  let graph: Graph
  /// The layout choice: activations stay in the blocked layouts convolutions pick (`true`), or
  /// every activation is plain row-major (`false`, the baseline the layout test compares with).
  let blockedLayouts: Bool
  private(set) var steps: [any Step] = []
  private(set) var buffers: [BufferSpec] = []
  private(set) var hostSlots = 0
  private var values: [String: LoweredValue] = [:]
  /// For each value, the index of the last node reading it (graph outputs: Int.max).
  let lastUse: [String: Int]
  var nodeIndex = 0
  var nodeName = ""
  /// Constant memory owned by the executable.
  private(set) var constantAllocations: [UnsafeMutableRawPointer] = []
  private let stream: dnnl_stream_t?

  init(graph: Graph, blockedLayouts: Bool) {
    self.graph = graph
    self.blockedLayouts = blockedLayouts
    var last: [String: Int] = [:]
    for (index, node) in graph.nodes.enumerated() {
      for name in node.inputs where !name.isEmpty { last[name] = index }
      for subgraph in node.subgraphs { for name in subgraph.outerReferences { last[name] = index } }
    }
    for output in graph.outputs { last[output] = Int.max }
    lastUse = last
    var stream: dnnl_stream_t?
    if let engine = DNNL.engine { dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) }
    self.stream = stream
  }

  deinit { if let stream { dnnl_stream_destroy(stream) } }

  /// Hands the constant memory to the executable (which frees it).
  func takeConstants() -> [UnsafeMutableRawPointer] {
    defer { constantAllocations = [] }
    return constantAllocations
  }

  // MARK: Values

  func value(_ name: String) -> LoweredValue {
    if let value = values[name] { return value }
    let type = graph.type(of: name)
    let value = LoweredValue(name: name, elementType: type.elementType, shape: type.isTensor ? type.shape?.fixedSizes : nil)
    if let constant = graph.initializers[name] { value.constant = constant }
    values[name] = value
    return value
  }

  /// The static type of a tensor value, when it has one.
  func tensorType(_ name: String) -> (ElementType, [Int])? {
    let value = value(name)
    guard let type = value.elementType, let shape = value.shape else { return nil }
    return (type, shape)
  }

  /// The static shape of a float32 tensor value, or nil (other types go elsewhere).
  func float32Shape(_ name: String) -> [Int]? {
    guard let (type, shape) = tensorType(name), type == .float else { return nil }
    return shape
  }

  func constant(_ name: String) -> Tensor? { graph.initializers[name] }

  /// Whether `buffer`, holding `name`, may be overwritten by the current node: no later node
  /// nor the result reads `name` or any other value sharing the buffer, and it is no constant.
  func mayOverwrite(_ name: String, buffer: BufferID) -> Bool {
    guard graph.initializers[name] == nil, buffers[buffer].constant == nil else { return false }
    for other in values.values where other.copies.contains(where: { $0.buffer == buffer }) {
      if other.constant != nil || (lastUse[other.name] ?? Int.max) > nodeIndex { return false }
    }
    return true
  }

  // MARK: Buffers

  func newBuffer(bytes: Int) -> BufferID {
    buffers.append(BufferSpec(bytes: bytes, constant: nil))
    return buffers.count - 1
  }

  private func newConstantBuffer(bytes: Int) -> BufferID {
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: MemoryPlan.alignment)
    constantAllocations.append(pointer)
    buffers.append(BufferSpec(bytes: bytes, constant: pointer))
    return buffers.count - 1
  }

  func constantPointer(_ buffer: BufferID) -> UnsafeMutableRawPointer? { buffers[buffer].constant }

  func add(_ step: any Step) { steps.append(step) }

  func newHostSlot() -> Int {
    hostSlots += 1
    return hostSlots - 1
  }

  /// The host slot of a value produced on the host (fallback output, graph input).
  func defineHost(_ name: String) -> Int {
    let slot = newHostSlot()
    value(name).hostSlot = slot
    return slot
  }

  /// Defines `name` as written into `buffer` in layout `md`.
  func define(_ name: String, buffer: BufferID, md: dnnl_memory_desc_t?) {
    value(name).copies = [(md, buffer)]
  }

  /// Defines `name` as a new buffer in layout `md` and returns it.
  func defineNew(_ name: String, md: dnnl_memory_desc_t) -> BufferID {
    let buffer = newBuffer(bytes: DNNL.size(md))
    define(name, buffer: buffer, md: md)
    return buffer
  }

  /// Makes `output` share `input`'s plain buffer (Reshape, Flatten, Squeeze, Identity …).
  func alias(_ output: String, to input: String) throws {
    let buffer = try plainBuffer(input)
    guard let shape = value(output).shape else { throw failure("no static shape for '\(output)'") }
    let md = DNNL.dataType(value(output).elementType ?? .float).map { DNNL.plain(shape, $0) }
    define(output, buffer: buffer, md: md)
  }

  func failure(_ message: String) -> PortError {
    PortError(.executionFailed, message, at: Location(node: nodeName))
  }

  /// The layout `name` has where it was written (after importing a host value); a layout-agnostic
  /// primitive takes it as it is.
  func currentLayout(_ name: String) throws -> dnnl_memory_desc_t {
    let value = value(name)
    if value.copies.isEmpty { _ = try plainBuffer(name) }
    guard let md = value.copies.first?.md else { throw failure("'\(name)' has no oneDNN layout") }
    return md
  }

  /// The buffer holding `name` in row-major layout.
  func plainBuffer(_ name: String) throws -> BufferID {
    let value = value(name)
    guard let (type, shape) = tensorType(name) else { throw failure("'\(name)' has no static tensor type") }
    if let dataType = DNNL.dataType(type) { return try buffer(name, md: DNNL.plain(shape, dataType)) }
    // Types oneDNN does not know live only in plain layout.
    if let first = value.copies.first { return first.buffer }
    return try materialize(value, type: type, shape: shape, md: nil)
  }

  /// The buffer holding `name` in layout `md`, reordering (once) when it has another.
  func buffer(_ name: String, md: dnnl_memory_desc_t) throws -> BufferID {
    let value = value(name)
    if let existing = value.copies.first(where: { $0.md.map { DNNL.equal($0, md) } ?? false }) { return existing.buffer }
    guard let (type, shape) = tensorType(name) else { throw failure("'\(name)' has no static tensor type") }
    if value.copies.isEmpty {
      // Imported in plain layout first, then reordered if another layout is wanted.
      let plainMD = DNNL.dataType(type).map { DNNL.plain(shape, $0) }
      let plain = try materialize(value, type: type, shape: shape, md: plainMD)
      if let plainMD, DNNL.equal(plainMD, md) { return plain }
    }
    guard let source = value.copies.first, let sourceMD = source.md else {
      throw failure("'\(name)' cannot be reordered")
    }
    if let constant = buffers[source.buffer].constant {
      // Weights: reordered once, now.
      let target = newConstantBuffer(bytes: DNNL.size(md))
      try reorderNow(from: constant, sourceMD, to: buffers[target].constant, md)
      value.copies.append((md, target))
      return target
    }
    let target = newBuffer(bytes: DNNL.size(md))
    add(try reorderStep(from: source.buffer, sourceMD, to: target, md))
    value.copies.append((md, target))
    return target
  }

  /// The buffer holding `name` in layout `md`, where `md` describes the value under other dims
  /// (grouped convolution weights): reordered from its plain buffer viewed as `view`.
  func buffer(_ name: String, md: dnnl_memory_desc_t, view: dnnl_memory_desc_t) throws -> BufferID {
    let value = value(name)
    if let existing = value.copies.first(where: { $0.md.map { DNNL.equal($0, md) } ?? false }) { return existing.buffer }
    let plain = try plainBuffer(name)
    if DNNL.equal(view, md) {
      value.copies.append((md, plain))
      return plain
    }
    if let constant = buffers[plain].constant {
      let target = newConstantBuffer(bytes: DNNL.size(md))
      try reorderNow(from: constant, view, to: buffers[target].constant, md)
      value.copies.append((md, target))
      return target
    }
    let target = newBuffer(bytes: DNNL.size(md))
    add(try reorderStep(from: plain, view, to: target, md))
    value.copies.append((md, target))
    return target
  }

  /// First buffer of a value that has none yet: constants copied, host values imported.
  private func materialize(_ value: LoweredValue, type: ElementType, shape: [Int], md: dnnl_memory_desc_t?) throws -> BufferID {
    if let constant = value.constant {
      guard type != .string else { throw failure("string constant '\(value.name)' has no buffer") }
      let bytes = constant.bytes
      let buffer = newConstantBuffer(bytes: bytes.count)
      if let pointer = buffers[buffer].constant {
        bytes.withUnsafeBytes { raw in if let base = raw.baseAddress { pointer.copyMemory(from: base, byteCount: raw.count) } }
      }
      value.copies = [(md, buffer)]
      return buffer
    }
    guard let slot = value.hostSlot else { throw failure("'\(value.name)' is used before it is produced") }
    guard type != .string else { throw failure("string value '\(value.name)' has no buffer") }
    let buffer = newBuffer(bytes: type.byteCount(elements: shape.reduce(1, *)))
    add(ImportStep(node: value.name, slot: slot, buffer: buffer, elementType: type, shape: shape))
    value.copies = [(md, buffer)]
    return buffer
  }

  func reorderStep(from source: BufferID, _ sourceMD: dnnl_memory_desc_t, to target: BufferID, _ targetMD: dnnl_memory_desc_t) throws -> PrimitiveStep {
    let engine = try DNNL.requireEngine(node: nodeName)
    var pd: dnnl_primitive_desc_t?
    var src = sourceMD
    var dst = targetMD
    try DNNL.check(dnnl_reorder_primitive_desc_create(&pd, &src, engine, &dst, engine, nil), "reorder", node: nodeName)
    guard let pd else { throw failure("oneDNN made no reorder") }
    let descriptor = PrimitiveDescriptor(pd)
    return PrimitiveStep(
      node: nodeName, kind: "reorder", primitive: try descriptor.primitive(node: nodeName),
      arguments: [.input(Arg.src, source, sourceMD), .output(Arg.dst, target, targetMD)])
  }

  /// Runs a reorder at compile time (weights prepacking).
  private func reorderNow(from source: UnsafeMutableRawPointer, _ sourceMD: dnnl_memory_desc_t, to target: UnsafeMutableRawPointer?, _ targetMD: dnnl_memory_desc_t) throws {
    let engine = try DNNL.requireEngine(node: nodeName)
    var pd: dnnl_primitive_desc_t?
    var src = sourceMD
    var dst = targetMD
    try DNNL.check(dnnl_reorder_primitive_desc_create(&pd, &src, engine, &dst, engine, nil), "weights reorder", node: nodeName)
    guard let pd else { throw failure("oneDNN made no reorder") }
    let primitive = try PrimitiveDescriptor(pd).primitive(node: nodeName)
    var srcMemory: dnnl_memory_t?
    var dstMemory: dnnl_memory_t?
    try DNNL.check(dnnl_memory_create(&srcMemory, &src, engine, source), "memory", node: nodeName)
    defer { dnnl_memory_destroy(srcMemory) }
    try DNNL.check(dnnl_memory_create(&dstMemory, &dst, engine, target), "memory", node: nodeName)
    defer { dnnl_memory_destroy(dstMemory) }
    let args = [dnnl_exec_arg_t(arg: Arg.src, memory: srcMemory), dnnl_exec_arg_t(arg: Arg.dst, memory: dstMemory)]
    try DNNL.check(dnnl_primitive_execute(primitive.handle, stream, 2, args), "weights reorder", node: nodeName)
    dnnl_stream_wait(stream)
  }

  /// A constant tensor written into a new constant buffer (plain), e.g. a transformed bias.
  func constantBuffer(floats: [Float]) -> BufferID {
    let buffer = newConstantBuffer(bytes: floats.count * 4)
    if let pointer = buffers[buffer].constant {
      floats.withUnsafeBytes { raw in if let base = raw.baseAddress { pointer.copyMemory(from: base, byteCount: raw.count) } }
    }
    return buffer
  }

  /// A constant laid out as `view` (plain memory under some dims and strides), prepacked into
  /// a new constant buffer in layout `md`.
  func prepack(floats: [Float], view: dnnl_memory_desc_t, md: dnnl_memory_desc_t) throws -> BufferID {
    let plain = constantBuffer(floats: floats)
    if DNNL.equal(view, md) { return plain }
    let target = newConstantBuffer(bytes: DNNL.size(md))
    guard let source = buffers[plain].constant else { throw failure("constant without memory") }
    try reorderNow(from: source, view, to: buffers[target].constant, md)
    return target
  }

  // MARK: Fallback

  /// Where a fallback step finds `name`: a constant, a host value, or a plain buffer.
  func source(_ name: String) throws -> ValueSource {
    let value = value(name)
    if let constant = value.constant { return .constant(.tensor(constant)) }
    if let slot = value.hostSlot { return .host(slot) }
    guard let (type, shape) = tensorType(name) else { throw failure("'\(name)' is used before it is produced") }
    return .buffer(try plainBuffer(name), type, shape)
  }
}
