import CDNNL
import Foundation
import PortIR
import PortTarget

/// The lowered plan: steps over one arena planned at compile time. A run copies the inputs in,
/// runs the steps, and copies the outputs out; nothing else is allocated.
final class CPUExecutable: Executable {
  let steps: [any Step]
  let plan: MemoryPlan
  let threads: Int
  /// Nodes lowered to native steps (the rest run on the interpreter).
  let nativeNodes: Set<String>
  private let arena: UnsafeMutableRawPointer
  private let constants: [UnsafeMutableRawPointer]
  private let inputs: [(String, Int)]
  private let outputs: [(String, ValueSource)]
  private let slotCount: Int
  private let addresses: BufferAddresses
  private var stream: dnnl_stream_t?

  init(context: LoweringContext, inputs: [(String, Int)], outputs: [(String, ValueSource)], threads: Int, native: Set<String>) throws {
    steps = context.steps
    self.threads = threads
    self.nativeNodes = native
    self.inputs = inputs
    self.outputs = outputs
    slotCount = context.hostSlots
    constants = context.takeConstants()
    let buffers = context.buffers
    // Liveness: from the first step touching a buffer to the last; outputs live to the end.
    var first = [Int](repeating: Int.max, count: buffers.count)
    var last = [Int](repeating: -1, count: buffers.count)
    for (index, step) in steps.enumerated() {
      for id in step.reads + step.writes {
        first[id] = min(first[id], index)
        last[id] = max(last[id], index)
      }
    }
    for (_, source) in outputs {
      if case .buffer(let id, _, _) = source { last[id] = steps.count }
    }
    let arenaIDs = buffers.indices.filter { buffers[$0].constant == nil }
    plan = MemoryPlan(arenaIDs.map { id in
      MemoryPlan.Request(bytes: buffers[id].bytes, first: first[id] == Int.max ? 0 : first[id], last: max(last[id], first[id] == Int.max ? 0 : first[id]))
    })
    arena = UnsafeMutableRawPointer.allocate(byteCount: max(plan.arenaBytes, 64), alignment: 4096)
    var base = [UnsafeMutableRawPointer](repeating: arena, count: buffers.count)
    for (position, id) in arenaIDs.enumerated() { base[id] = arena + plan.offsets[position] }
    for (id, buffer) in buffers.enumerated() { if let constant = buffer.constant { base[id] = constant } }
    addresses = BufferAddresses(base: base)
    if let engine = DNNL.engine { dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) }
    for step in steps { try step.bind(addresses) }
  }

  deinit {
    if let stream { dnnl_stream_destroy(stream) }
    arena.deallocate()
    for constant in constants { constant.deallocate() }
  }

  /// Steps of a kind (`reorder`, `conv`, …): for tests.
  func count(kind: String) -> Int {
    steps.filter { ($0 as? PrimitiveStep)?.kind == kind }.count
  }

  func run(_ inputValues: [String: HostValue]) throws -> [String: HostValue] {
    omp_set_num_threads(Int32(max(threads, 1)))
    let state = RunState(slots: slotCount, stream: stream)
    for (name, slot) in inputs {
      guard let value = inputValues[name] else {
        throw PortError(.badArgument, "no value given for graph input '\(name)'")
      }
      state.host[slot] = value
    }
    for step in steps { try step.run(state) }
    if let stream { dnnl_stream_wait(stream) }
    var result: [String: HostValue] = [:]
    for (name, source) in outputs {
      switch source {
      case .constant(let value): result[name] = value
      case .host(let slot):
        guard let value = state.host[slot] else {
          throw PortError(.executionFailed, "graph output '\(name)' was not produced")
        }
        result[name] = value
      case .buffer(let id, let type, let shape):
        let pointer = addresses.pointer(id)
        result[name] = .tensor(Tensor(type, shape: shape, bytes: Data(bytes: pointer, count: type.byteCount(elements: shape.reduce(1, *)))))
      }
    }
    return result
  }
}
