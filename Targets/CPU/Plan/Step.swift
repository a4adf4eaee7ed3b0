import CDNNL
import PortIR

/// A buffer of the lowered plan: an arena slice (placed by `MemoryPlan`) or a constant owned by
/// the executable (prepacked weights).
struct BufferSpec {
  var bytes: Int
  /// Set for constants: their memory, allocated and filled at compile time.
  var constant: UnsafeMutableRawPointer?
}

typealias BufferID = Int

/// Where the buffers are, once planned.
struct BufferAddresses {
  let base: [UnsafeMutableRawPointer]
  func pointer(_ id: BufferID) -> UnsafeMutableRawPointer { base[id] }
}

/// What a run carries between steps: values that live outside the arena (fallback results,
/// graph inputs before they are imported).
final class RunState {
  var host: [HostValue?]
  let stream: dnnl_stream_t?
  init(slots: Int, stream: dnnl_stream_t?) {
    host = Array(repeating: nil, count: slots)
    self.stream = stream
  }
}

/// One step of the lowered plan.
protocol Step: AnyObject {
  /// The node it runs (for errors and placement).
  var node: String { get }
  /// Buffers read and written, for liveness.
  var reads: [BufferID] { get }
  var writes: [BufferID] { get }
  /// Called once after memory planning, with every buffer's address.
  func bind(_ addresses: BufferAddresses) throws
  func run(_ state: RunState) throws
}

struct PrimitiveArgument {
  var arg: Int32
  var buffer: BufferID
  var md: dnnl_memory_desc_t
  var read: Bool
  var written: Bool

  static func input(_ arg: Int32, _ buffer: BufferID, _ md: dnnl_memory_desc_t) -> PrimitiveArgument {
    PrimitiveArgument(arg: arg, buffer: buffer, md: md, read: true, written: false)
  }
  static func output(_ arg: Int32, _ buffer: BufferID, _ md: dnnl_memory_desc_t, alsoRead: Bool = false) -> PrimitiveArgument {
    PrimitiveArgument(arg: arg, buffer: buffer, md: md, read: alsoRead, written: true)
  }
}

/// A oneDNN primitive with its arguments bound to fixed addresses.
final class PrimitiveStep: Step {
  let node: String
  let primitive: Primitive
  let arguments: [PrimitiveArgument]
  private var memories: [dnnl_memory_t?] = []
  private var execArgs: [dnnl_exec_arg_t] = []
  /// What the step is (`conv`, `reorder`, …), for tests and counts.
  let kind: String

  init(node: String, kind: String, primitive: Primitive, arguments: [PrimitiveArgument]) {
    self.node = node
    self.kind = kind
    self.primitive = primitive
    self.arguments = arguments
  }

  deinit { for memory in memories { if let memory { dnnl_memory_destroy(memory) } } }

  var reads: [BufferID] { arguments.filter(\.read).map(\.buffer) }
  var writes: [BufferID] { arguments.filter(\.written).map(\.buffer) }

  func bind(_ addresses: BufferAddresses) throws {
    let engine = try DNNL.requireEngine(node: node)
    for argument in arguments {
      var md = argument.md
      var memory: dnnl_memory_t?
      try DNNL.check(dnnl_memory_create(&memory, &md, engine, addresses.pointer(argument.buffer)), "memory creation", node: node)
      memories.append(memory)
      execArgs.append(dnnl_exec_arg_t(arg: argument.arg, memory: memory))
    }
  }

  func run(_ state: RunState) throws {
    let status = execArgs.withUnsafeBufferPointer { args in
      dnnl_primitive_execute(primitive.handle, state.stream, Int32(args.count), args.baseAddress)
    }
    try DNNL.check(status, "execution", node: node)
  }
}

/// A Swift kernel over plain buffers.
final class KernelStep: Step {
  let node: String
  let reads: [BufferID]
  let writes: [BufferID]
  private let body: (_ inputs: [UnsafeMutableRawPointer], _ outputs: [UnsafeMutableRawPointer], _ state: RunState) throws -> Void
  private var inputPointers: [UnsafeMutableRawPointer] = []
  private var outputPointers: [UnsafeMutableRawPointer] = []

  init(node: String, reads: [BufferID], writes: [BufferID],
       _ body: @escaping (_ inputs: [UnsafeMutableRawPointer], _ outputs: [UnsafeMutableRawPointer], _ state: RunState) throws -> Void) {
    self.node = node
    self.reads = reads
    self.writes = writes
    self.body = body
  }

  func bind(_ addresses: BufferAddresses) throws {
    inputPointers = reads.map(addresses.pointer)
    outputPointers = writes.map(addresses.pointer)
  }

  func run(_ state: RunState) throws { try body(inputPointers, outputPointers, state) }
}
