import Foundation
import PortIR
import PortTarget

/// A model loaded in an adapter process. Runs cross the process boundary as raw tensor bytes;
/// the adapter times each run and the benchmark loop itself.
final class ExternalExecutable: Executable, ReportsDeviceTime, TimesItself {
  let target: ExternalTarget
  let adapter: AdapterProcess
  let folder: URL
  /// What the adapter said it is (`onnxruntime 1.31.1 (CPUExecutionProvider)`).
  let runtime: String
  private(set) var lastDeviceSeconds: Double?
  private var lastWallSeconds: Double?

  static let protocolVersion = 1

  init(
    target: ExternalTarget, python: String, modelPath: String, outputs: [String], folder: URL, options: CompileOptions
  ) throws {
    self.target = target
    self.folder = folder
    adapter = try AdapterProcess(
      target: target.name, python: python, script: target.scriptPath,
      environment: (target.descriptor.environment ?? [:]).merging(target.environment) { _, override in override })
    var header: [String: Any] = [
      "cmd": "load", "model": modelPath, "protocol": Self.protocolVersion, "outputs": outputs,
    ]
    if let threads = options.threads { header["threads"] = threads }
    // Loading compiles the model in the runtime: give it the timeout on top of a normal call's.
    let reply = try adapter.call(header, timeout: target.timeout * 2, command: "load")
    if reply.header["ok"] as? Bool != true {
      let message = reply.header["error"] as? String ?? "no reason given"
      adapter.close()
      if reply.header["kind"] as? String == "unsupported" {
        throw PortError(
          .unsupported, "target '\(target.name)': the runtime cannot load the model: \(message)")
      }
      throw PortError(
        .executionFailed, "target '\(target.name)': loading the model failed: \(message)")
    }
    runtime = reply.header["runtime"] as? String ?? target.name
  }

  deinit {
    adapter.close()
    try? FileManager.default.removeItem(at: folder)
  }

  // MARK: Tensors over the wire

  func encode(_ inputs: [String: HostValue]) throws -> ([[String: Any]], Data) {
    var descriptions: [[String: Any]] = []
    var payload = Data()
    for name in inputs.keys.sorted() {
      guard let tensor = inputs[name]?.tensor, tensor.elementType != .string else {
        throw PortError(
          .unsupported, "target '\(target.name)' exchanges numeric tensors only; input '\(name)' is not one",
          at: Location(field: "input '\(name)'"))
      }
      let bytes = tensor.bytes
      descriptions.append([
        "name": name, "dtype": tensor.elementType.name, "shape": tensor.shape, "nbytes": bytes.count,
      ])
      payload.append(bytes)
    }
    return (descriptions, payload)
  }

  func decode(_ reply: AdapterProcess.Reply, command: String) throws -> [String: HostValue] {
    guard let outputs = reply.header["outputs"] as? [[String: Any]] else {
      throw adapter.abort("answered '\(command)' without an 'outputs' list", command: command)
    }
    var result: [String: HostValue] = [:]
    var offset = 0
    for description in outputs {
      guard let name = description["name"] as? String, let dtype = description["dtype"] as? String,
        let shape = JSONNumber.ints(description["shape"]), let nbytes = JSONNumber.int(description["nbytes"])
      else {
        throw adapter.abort("described an output without name, dtype, shape and nbytes", command: command)
      }
      guard let type = ElementType.allCases.first(where: { $0.name == dtype }), type != .string else {
        throw adapter.abort("answered output '\(name)' with the unknown dtype '\(dtype)'", command: command)
      }
      guard shape.allSatisfy({ $0 >= 0 }), nbytes == type.byteCount(elements: shape.reduce(1, *)),
        offset + nbytes <= reply.payload.count
      else {
        throw adapter.abort(
          "answered output '\(name)' (\(dtype) \(shape)) with \(nbytes) bytes, which do not fit its shape or the payload",
          command: command)
      }
      let start = reply.payload.startIndex + offset
      result[name] = .tensor(Tensor(type, shape: shape, bytes: reply.payload.subdata(in: start..<(start + nbytes))))
      offset += nbytes
    }
    guard offset == reply.payload.count else {
      throw adapter.abort("sent \(reply.payload.count - offset) payload bytes no output describes", command: command)
    }
    return result
  }

  func failed(_ reply: AdapterProcess.Reply, command: String) -> PortError {
    let message = reply.header["error"] as? String ?? "no reason given"
    return PortError(.executionFailed, "target '\(target.name)': '\(command)' failed in the runtime: \(message)")
  }

  // MARK: Executable

  func run(_ inputs: [String: HostValue]) throws -> [String: HostValue] {
    let (descriptions, payload) = try encode(inputs)
    let start = DispatchTime.now().uptimeNanoseconds
    let reply = try adapter.call(["cmd": "run", "inputs": descriptions], payload: payload, timeout: target.timeout, command: "run")
    lastWallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    guard reply.header["ok"] as? Bool == true else { throw failed(reply, command: "run") }
    lastDeviceSeconds = JSONNumber.double(reply.header["seconds"])
    return try decode(reply, command: "run")
  }

  func benchmark(_ inputs: [String: HostValue], warmup: Int, minQueries: Int, minSeconds: Double) throws
    -> SelfTimedSamples
  {
    if lastWallSeconds == nil { _ = try run(inputs) }
    let perQuery = max(lastWallSeconds ?? 0, 0.001)
    // The loop's expected length on top of the timeout: a slow model is not a hang.
    let budget = target.timeout + minSeconds + Double(warmup + minQueries) * perQuery * 2
    let (descriptions, payload) = try encode(inputs)
    let header: [String: Any] = [
      "cmd": "benchmark", "inputs": descriptions, "warmup": warmup, "min_queries": minQueries, "min_seconds": minSeconds,
    ]
    let reply = try adapter.call(header, payload: payload, timeout: budget, command: "benchmark")
    guard reply.header["ok"] as? Bool == true else { throw failed(reply, command: "benchmark") }
    guard let latencies = JSONNumber.doubles(reply.header["latencies"]), !latencies.isEmpty,
      latencies.allSatisfy({ $0.isFinite && $0 >= 0 }), let elapsed = JSONNumber.double(reply.header["elapsed"])
    else {
      throw adapter.abort("answered 'benchmark' without non-negative 'latencies' and 'elapsed'", command: "benchmark")
    }
    return SelfTimedSamples(
      latencies: latencies, elapsed: elapsed, cpuSeconds: JSONNumber.double(reply.header["cpu_seconds"]),
      source: "timed inside the \(target.name) adapter (\(runtime)); process overhead excluded")
  }
}

/// Numbers from JSONSerialization, whatever Foundation bridged them as.
enum JSONNumber {
  static func double(_ value: Any?) -> Double? {
    if let number = value as? NSNumber, !(value is Bool) { return number.doubleValue }
    return value as? Double
  }

  static func int(_ value: Any?) -> Int? {
    guard let number = value as? NSNumber, !(value is Bool) else { return value as? Int }
    let double = number.doubleValue
    guard double.rounded() == double, abs(double) < 9e15 else { return nil }
    return number.intValue
  }

  static func doubles(_ value: Any?) -> [Double]? {
    guard let list = value as? [Any] else { return nil }
    var result: [Double] = []
    result.reserveCapacity(list.count)
    for item in list {
      guard let number = double(item) else { return nil }
      result.append(number)
    }
    return result
  }

  static func ints(_ value: Any?) -> [Int]? {
    guard let list = value as? [Any] else { return nil }
    var result: [Int] = []
    for item in list {
      guard let number = int(item) else { return nil }
      result.append(number)
    }
    return result
  }
}
