import Foundation
import PortIR

#if canImport(Glibc)
  import Glibc
  private let systemRead = Glibc.read
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemRead = Darwin.read
  private let systemWrite = Darwin.write
#endif

/// One adapter process and the protocol of docs/external-runtime-protocol.md: a JSON header line,
/// then `payload_bytes` raw bytes, each way. Every call has a deadline; the process exiting, a reply
/// that is not the protocol, or silence past the deadline ends the process and throws a
/// `PortError` naming the target (`.executionFailed`: exit status 4).
final class AdapterProcess {
  struct Reply {
    var header: [String: Any]
    var payload: Data
  }

  let target: String
  let script: String
  private let process: Process
  private let input: Pipe
  private let output: Pipe
  private let stderrURL: URL
  private var buffer: [UInt8] = []
  private var finished = false

  init(target: String, python: String, script: String, environment: [String: String] = [:]) throws {
    self.target = target
    self.script = script
    // A write to an adapter that died must be an error we report, not a signal that kills `port`.
    signal(SIGPIPE, SIG_IGN)
    process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-u", script]
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    input = Pipe()
    output = Pipe()
    stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("modelport-\(target)-\(UUID().uuidString).stderr")
    FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.standardInput = input
    process.standardOutput = output
    do {
      process.standardError = try FileHandle(forWritingTo: stderrURL)
      try process.run()
    } catch {
      throw PortError(
        .executionFailed, "target '\(target)': cannot start the adapter \(script) with \(python): \(error.localizedDescription)")
    }
    let writeFD = input.fileHandleForWriting.fileDescriptor
    _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
  }

  deinit { close() }

  /// Asks the adapter to quit, and kills it when it does not within a second.
  func close() {
    defer { try? FileManager.default.removeItem(at: stderrURL) }
    guard !finished else { return }
    finished = true
    if process.isRunning {
      _ = try? send(["cmd": "quit"], payload: Data(), deadline: now() + 1, command: "quit", timeout: 1)
      try? input.fileHandleForWriting.close()
      let deadline = now() + 1
      while process.isRunning && now() < deadline { usleep(5_000) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
  }

  /// Sends one command and reads its reply. `{"ok": false}` replies are returned, not thrown.
  func call(_ header: [String: Any], payload: Data = Data(), timeout: Double, command: String) throws -> Reply {
    guard !finished else { throw failure("the adapter was already stopped", command: command) }
    let deadline = now() + timeout
    try send(header, payload: payload, deadline: deadline, command: command, timeout: timeout)
    let line = try readLine(deadline: deadline, command: command, timeout: timeout)
    guard let object = try? JSONSerialization.jsonObject(with: Data(line)), let reply = object as? [String: Any] else {
      let text = String(decoding: line.prefix(120), as: UTF8.self)
      throw abort("answered '\(command)' with something that is not a JSON header line: \"\(text)\"", command: command)
    }
    guard reply["ok"] is Bool else {
      throw abort("answered '\(command)' without the boolean 'ok' field", command: command)
    }
    let count = reply["payload_bytes"] == nil ? 0 : (JSONNumber.int(reply["payload_bytes"]) ?? -1)
    guard count >= 0 else { throw abort("answered '\(command)' with a payload_bytes that is not a count", command: command) }
    let bytes = try read(count, deadline: deadline, command: command, timeout: timeout)
    return Reply(header: reply, payload: Data(bytes))
  }

  // MARK: Errors

  /// The adapter broke the protocol or missed the deadline: stop it, and say so.
  func abort(_ what: String, command: String) -> PortError {
    stop()
    return failure("its adapter \(shortScript) \(what)", command: command)
  }

  /// The adapter script as its folder and file name (`ORT/adapter.py`): enough to find it.
  var shortScript: String {
    let url = URL(fileURLWithPath: script)
    return url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
  }

  func failure(_ message: String, command: String) -> PortError {
    var text = "target '\(target)': \(message)"
    if !message.hasPrefix("its adapter") { text += " (adapter \(script))" }
    let tail = stderrTail()
    if !tail.isEmpty { text += "; its stderr ends: \(tail)" }
    return PortError(.executionFailed, text)
  }

  private func stop() {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    let deadline = now() + 2
    while process.isRunning && now() < deadline { usleep(5_000) }
    finished = true
  }

  /// The process ended: its exit status or signal, as words.
  private func exitDescription() -> String {
    let deadline = now() + 2
    while process.isRunning && now() < deadline { usleep(5_000) }
    if process.isRunning { return "closed its output" }
    switch process.terminationReason {
    case .uncaughtSignal: return "was killed by signal \(process.terminationStatus)"
    default: return "exited with status \(process.terminationStatus)"
    }
  }

  private func died(command: String) -> PortError {
    let how = exitDescription()
    stop()
    return failure("its adapter \(shortScript) \(how) during '\(command)'", command: command)
  }

  private func stderrTail() -> String {
    guard let data = try? Data(contentsOf: stderrURL), !data.isEmpty else { return "" }
    let lines = String(decoding: data.suffix(2000), as: UTF8.self).split(separator: "\n").map(String.init)
    return lines.suffix(3).joined(separator: " | ")
  }

  // MARK: I/O with deadlines

  private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  private func milliseconds(until deadline: Double) -> Int32 {
    Int32(max(0, min(Double(Int32.max), (deadline - now()) * 1000)).rounded(.up))
  }

  private func timedOut(_ command: String, _ timeout: Double) -> PortError {
    abort(
      "did not answer '\(command)' within \(String(format: "%g", timeout)) s (--timeout) and was killed", command: command)
  }

  private func send(_ header: [String: Any], payload: Data, deadline: Double, command: String, timeout: Double) throws {
    var message = header
    message["payload_bytes"] = payload.count
    guard let json = try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]) else {
      throw failure("cannot encode the '\(command)' header", command: command)
    }
    var bytes = json
    bytes.append(0x0A)
    bytes.append(payload)
    let fd = input.fileHandleForWriting.fileDescriptor
    var offset = 0
    let total = bytes.count
    try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      guard let base = raw.baseAddress else { return }
      while offset < total {
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&entry, 1, milliseconds(until: deadline))
        if ready == 0 { throw timedOut(command, timeout) }
        if ready < 0 {
          if errno == EINTR { continue }
          throw died(command: command)
        }
        if entry.revents & Int16(POLLERR | POLLHUP) != 0 { throw died(command: command) }
        let written = systemWrite(fd, base + offset, total - offset)
        if written < 0 {
          if errno == EAGAIN || errno == EINTR { continue }
          throw died(command: command)
        }
        offset += written
      }
    }
  }

  /// Reads more bytes into the buffer; false at end of file.
  private func fill(deadline: Double, command: String, timeout: Double) throws -> Bool {
    let fd = output.fileHandleForReading.fileDescriptor
    while true {
      var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let ready = poll(&entry, 1, milliseconds(until: deadline))
      if ready == 0 { throw timedOut(command, timeout) }
      if ready < 0 {
        if errno == EINTR { continue }
        return false
      }
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return false }
      buffer.append(contentsOf: chunk[0..<count])
      return true
    }
  }

  private func readLine(deadline: Double, command: String, timeout: Double) throws -> [UInt8] {
    var searched = 0
    while true {
      if let newline = buffer[searched...].firstIndex(of: 0x0A) {
        let line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        return line
      }
      searched = buffer.count
      if buffer.count > 16 << 20 { throw abort("sent a header line longer than 16 MiB", command: command) }
      guard try fill(deadline: deadline, command: command, timeout: timeout) else { throw died(command: command) }
    }
  }

  private func read(_ count: Int, deadline: Double, command: String, timeout: Double) throws -> [UInt8] {
    buffer.reserveCapacity(count)
    while buffer.count < count {
      guard try fill(deadline: deadline, command: command, timeout: timeout) else { throw died(command: command) }
    }
    let bytes = Array(buffer[..<count])
    buffer.removeSubrange(..<count)
    return bytes
  }
}
