import CDNNL
import PortIR

/// Thin helpers over oneDNN's C API: the engine, memory descriptors, owned primitives.
enum DNNL {
  /// One CPU engine for the process (oneDNN engines are cheap handles over the host).
  nonisolated(unsafe) static let engine: dnnl_engine_t? = {
    var engine: dnnl_engine_t?
    guard dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success else { return nil }
    return engine
  }()

  static func check(_ status: dnnl_status_t, _ what: String, node: String) throws {
    guard status == dnnl_success else {
      throw PortError(.executionFailed, "oneDNN \(what) failed (status \(status.rawValue))", at: Location(node: node))
    }
  }

  static func requireEngine(node: String) throws -> dnnl_engine_t {
    guard let engine else { throw PortError(.executionFailed, "oneDNN has no CPU engine", at: Location(node: node)) }
    return engine
  }

  /// Row-major (plain) descriptor; a scalar is a one-element vector to oneDNN.
  static func plain(_ shape: [Int], _ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
    let dims = shape.isEmpty ? [1] : shape
    var strides = [Int64](repeating: 1, count: dims.count)
    var step: Int64 = 1
    for axis in stride(from: dims.count - 1, through: 0, by: -1) {
      strides[axis] = step
      step *= Int64(max(dims[axis], 1))
    }
    var md = dnnl_memory_desc_t()
    _ = dnnl_memory_desc_init_by_strides(&md, Int32(dims.count), dims.map(Int64.init), type, strides)
    return md
  }

  /// Strided descriptor (a transposed view of plain memory).
  static func strided(_ shape: [Int], strides: [Int], _ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
    var md = dnnl_memory_desc_t()
    _ = dnnl_memory_desc_init_by_strides(&md, Int32(shape.count), shape.map(Int64.init), type, strides.map(Int64.init))
    return md
  }

  /// Channels-last (NHWC-style) descriptor over [N, C, spatial…] dims.
  static func channelsLast(_ shape: [Int], _ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
    guard shape.count >= 3 else { return plain(shape, type) }
    var strides = [Int](repeating: 0, count: shape.count)
    strides[1] = 1
    var step = shape[1]
    for axis in stride(from: shape.count - 1, through: 2, by: -1) {
      strides[axis] = step
      step *= shape[axis]
    }
    strides[0] = step
    return strided(shape, strides: strides, type)
  }

  /// Whether oneDNN padded the channels of a blocked layout (aBcd16b with C not a multiple of
  /// 16): element-wise primitives then fall back to slow reference code.
  static func isPaddedBlocked(_ md: dnnl_memory_desc_t) -> Bool {
    var md = md
    return dnnl_memory_desc_get_size(&md) > Int(md.ndims > 0 ? 4 : 0) * (0..<Int(md.ndims)).reduce(1) { product, axis in
      product * Int(withUnsafeBytes(of: md.dims) { $0.load(fromByteOffset: axis * 8, as: Int64.self) })
    }
  }

  /// "Let the primitive choose" descriptor.
  static func any(_ shape: [Int], _ type: dnnl_data_type_t = dnnl_f32) -> dnnl_memory_desc_t {
    let dims = shape.isEmpty ? [1] : shape
    var md = dnnl_memory_desc_t()
    _ = dnnl_memory_desc_init_by_tag(&md, Int32(dims.count), dims.map(Int64.init), type, dnnl_format_tag_any)
    return md
  }

  static func equal(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
    var a = a
    var b = b
    return dnnl_memory_desc_equal(&a, &b) != 0
  }

  static func size(_ md: dnnl_memory_desc_t) -> Int {
    var md = md
    return Int(dnnl_memory_desc_get_size(&md))
  }

  static func isPlain(_ md: dnnl_memory_desc_t, shape: [Int]) -> Bool {
    equal(md, plain(shape, md.data_type))
  }

  static func dataType(_ type: ElementType) -> dnnl_data_type_t? {
    switch type {
    case .float: dnnl_f32
    case .int32: dnnl_s32
    case .int8: dnnl_s8
    case .uint8: dnnl_u8
    case .float16: dnnl_f16
    case .bfloat16: dnnl_bf16
    default: nil
    }
  }
}

/// An owned primitive descriptor.
final class PrimitiveDescriptor {
  let handle: dnnl_primitive_desc_t

  init(_ handle: dnnl_primitive_desc_t) { self.handle = handle }
  deinit { dnnl_primitive_desc_destroy(handle) }

  /// Creates a descriptor from an op descriptor; nil when oneDNN has no implementation for it.
  static func make<Descriptor>(_ descriptor: inout Descriptor, attributes: PrimitiveAttributes? = nil) -> PrimitiveDescriptor? {
    guard let engine = DNNL.engine else { return nil }
    var pd: dnnl_primitive_desc_t?
    let status = withUnsafePointer(to: &descriptor) { pointer in
      dnnl_primitive_desc_create(&pd, UnsafeRawPointer(pointer).assumingMemoryBound(to: Void.self), attributes?.handle, engine, nil)
    }
    guard status == dnnl_success, let pd else { return nil }
    return PrimitiveDescriptor(pd)
  }

  func md(_ query: dnnl_query_t, _ index: Int32 = 0) -> dnnl_memory_desc_t? {
    guard let pointer = dnnl_primitive_desc_query_md(handle, query, index) else { return nil }
    return pointer.pointee
  }

  func primitive(node: String) throws -> Primitive {
    var primitive: dnnl_primitive_t?
    try DNNL.check(dnnl_primitive_create(&primitive, handle), "primitive creation", node: node)
    guard let primitive else { throw PortError(.executionFailed, "oneDNN made no primitive", at: Location(node: node)) }
    return Primitive(primitive)
  }
}

/// Owned primitive attributes (post-ops, scales).
final class PrimitiveAttributes {
  let handle: dnnl_primitive_attr_t?

  init() {
    var attr: dnnl_primitive_attr_t?
    dnnl_primitive_attr_create(&attr)
    handle = attr
  }
  deinit { if let handle { dnnl_primitive_attr_destroy(handle) } }

  /// Appends eltwise/sum post-ops in order.
  func setPostOps(_ ops: [PostOp]) {
    guard !ops.isEmpty else { return }
    var postOps: dnnl_post_ops_t?
    dnnl_post_ops_create(&postOps)
    for op in ops {
      switch op {
      case .sum: dnnl_post_ops_append_sum(postOps, 1)
      case .eltwise(let alg, let alpha, let beta): dnnl_post_ops_append_eltwise(postOps, 1, alg, alpha, beta)
      }
    }
    dnnl_primitive_attr_set_post_ops(handle, postOps)
    dnnl_post_ops_destroy(postOps)
  }

  func setOutputScale(_ scale: Float) {
    var scale = scale
    dnnl_primitive_attr_set_output_scales(handle, 1, 0, &scale)
  }
}

enum PostOp {
  case sum
  case eltwise(dnnl_alg_kind_t, Float, Float)
}

/// An owned primitive.
final class Primitive {
  let handle: dnnl_primitive_t
  init(_ handle: dnnl_primitive_t) { self.handle = handle }
  deinit { dnnl_primitive_destroy(handle) }
}

/// Argument indices (oneDNN's `DNNL_ARG_*` macros).
enum Arg {
  static let src: Int32 = 1
  static let src1: Int32 = 2
  static let dst: Int32 = 17
  static let weights: Int32 = 33
  static let bias: Int32 = 41
  static let mean: Int32 = 49
  static let variance: Int32 = 50
  static let scale: Int32 = 51
  static let shift: Int32 = 52
  static let multipleSrc: Int32 = 1024
  static let workspace: Int32 = 64
}
