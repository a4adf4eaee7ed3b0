import Foundation
import PortIR
import PortTarget
import ReferenceTarget

/// The order in which targets ran, across targets.
final class CallLog: @unchecked Sendable {
  private let lock = NSLock()
  private var names: [String] = []
  func append(_ name: String) { lock.withLock { names.append(name) } }
  var calls: [String] { lock.withLock { names } }
}

/// A test-only target: the reference, logging each run under its name; with `failAfter`, a run
/// past that many throws, as a device that stops answering mid-benchmark.
struct LoggingTarget: Target {
  var name: String
  let summary = "the reference, logging its runs (tests only)"
  var log: CallLog
  var failAfter: Int?

  private let reference = ReferenceTarget()

  init(_ name: String, log: CallLog, failAfter: Int? = nil) {
    self.name = name
    self.log = log
    self.failAfter = failAfter
  }

  func capability(of graph: Graph) -> Capability { reference.capability(of: graph) }

  func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    Logged(name: name, log: log, failAfter: failAfter, inner: try reference.compile(model, options: options))
  }

  final class Logged: Executable {
    let name: String
    let log: CallLog
    let failAfter: Int?
    let inner: any Executable
    var runs = 0

    init(name: String, log: CallLog, failAfter: Int?, inner: any Executable) {
      self.name = name
      self.log = log
      self.failAfter = failAfter
      self.inner = inner
    }

    func run(_ inputs: [String: HostValue]) throws -> [String: HostValue] {
      runs += 1
      if let failAfter, runs > failAfter { throw PortError(.executionFailed, "the device stopped answering") }
      log.append(name)
      return try inner.run(inputs)
    }
  }
}
