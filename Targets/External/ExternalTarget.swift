import Foundation
import PortExport
import PortIR
import PortTarget

/// What an external runtime folder declares in its `external-target.json`: how to start its
/// adapter, and what the harness should know about it. Adding a runtime is adding a folder with
/// this file and an adapter script; no Swift code.
public struct ExternalRuntimeDescriptor: Sendable, Codable, Hashable {
  /// The target's name on the command line (`--target ort`).
  public var name: String
  public var summary: String
  /// The Python interpreter: a path relative to the repository root (`.venv-runtimes/bin/python`),
  /// an absolute path, or a bare command looked up in PATH (`python3`).
  public var python: String
  /// The adapter script, relative to the descriptor's folder.
  public var script: String
  /// Python modules the adapter needs; `port targets` says which are missing.
  public var modules: [String]?
  /// How to make the environment when it is missing (shown by `port targets`).
  public var setup: String?
  /// Operator domains whose nodes the target claims (default: the standard domains).
  public var domains: [String]?
  public var pricePerHour: Double?
  public var watts: Double?
  /// Environment variables set for the adapter (on top of `port`'s own).
  public var environment: [String: String]?

  enum CodingKeys: String, CodingKey {
    case name, summary, python, script, modules, setup, domains, environment
    case pricePerHour = "price_per_hour"
    case watts
  }
}

/// A runtime driven in a separate process through the protocol of
/// docs/external-runtime-protocol.md. A crash, a malformed reply or a hang there is this target's
/// failure (exit status 4), never the harness's.
///
/// Capability: the target claims every node of the domains its descriptor lists (the standard
/// domains by default) and lets the runtime decide at load time; a runtime that cannot load the
/// model because of an operator or type it lacks is reported as refusing it (exit status 3), with
/// the runtime's own message.
public struct ExternalTarget: Target, DeclaresCost, PartialTarget {
  public var descriptor: ExternalRuntimeDescriptor
  /// The folder holding the descriptor.
  public var folder: String
  /// The repository root, for relative interpreter paths.
  public var root: String
  /// Deadline of each call to the adapter, seconds (`--timeout`); the benchmark call gets the
  /// measuring time on top.
  public var timeout: Double = 60
  /// Environment variables for the adapter on top of the descriptor's (tests use it).
  public var environment: [String: String] = [:]

  public static let descriptorFile = "external-target.json"
  static let standardDomains = ["", "ai.onnx.ml"]

  public init(descriptor: ExternalRuntimeDescriptor, folder: String, root: String) {
    self.descriptor = descriptor
    self.folder = folder
    self.root = root
  }

  public var name: String { descriptor.name }
  public var summary: String { descriptor.summary + " (external process)" }
  public var pricePerHour: Double? { descriptor.pricePerHour }
  public var watts: Double? { descriptor.watts }

  // MARK: Discovery

  /// What discovery found: the targets, and the descriptors it could not read, each an error
  /// naming the file and the field.
  public struct Discovery: Sendable {
    public var targets: [ExternalTarget] = []
    public var problems: [PortError] = []
  }

  /// Every descriptor in `folders/*/external-target.json` (and in the folders themselves). A
  /// descriptor that is not valid is a problem to report, not a target, and not a reason to stop.
  public static func discover(in folders: [String], root: String) -> Discovery {
    var found = Discovery()
    let manager = FileManager.default
    for folder in folders {
      var candidates = [folder]
      if let children = try? manager.contentsOfDirectory(atPath: folder) {
        candidates += children.sorted().map { folder + "/" + $0 }
      }
      for candidate in candidates {
        let path = candidate + "/" + descriptorFile
        guard manager.fileExists(atPath: path) else { continue }
        do {
          let descriptor = try decodeDescriptor(path)
          found.targets.append(ExternalTarget(descriptor: descriptor, folder: candidate, root: root))
        } catch let error as PortError {
          found.problems.append(error)
        } catch {
          found.problems.append(PortError(.badArgument, "external target: \(error)", at: Location(file: path)))
        }
      }
    }
    return found
  }

  /// Reads one `external-target.json`; errors name the file and the field.
  static func decodeDescriptor(_ path: String) throws -> ExternalRuntimeDescriptor {
    func fail(_ field: String?, _ message: String) -> PortError {
      PortError(
        .badArgument, message, at: Location(file: path, field: field),
        hint: "fix the file, or remove its folder; docs/external-runtime-protocol.md describes the fields")
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw fail(nil, "cannot be read") }
    let descriptor: ExternalRuntimeDescriptor
    do {
      descriptor = try JSONDecoder().decode(ExternalRuntimeDescriptor.self, from: data)
    } catch let error as DecodingError {
      let (field, message) = error.fieldAndMessage
      throw fail(field.isEmpty ? nil : field, message)
    }
    if descriptor.name.isEmpty || descriptor.name.contains(where: { $0.isWhitespace || $0 == "," }) {
      throw fail("name", "the name must be non-empty, without spaces or commas (got '\(descriptor.name)')")
    }
    return descriptor
  }

  // MARK: Availability

  public enum Availability: Sendable, Hashable {
    case available(python: String)
    case unavailable(reason: String)
  }

  var scriptPath: String { folder + "/" + descriptor.script }

  /// The interpreter's full path, when it exists.
  func pythonPath() -> String? {
    let python = descriptor.python
    let manager = FileManager.default
    if python.hasPrefix("/") { return manager.isExecutableFile(atPath: python) ? python : nil }
    if python.contains("/") {
      let path = root + "/" + python
      return manager.isExecutableFile(atPath: path) ? path : nil
    }
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let path = "\(directory)/\(python)"
      if manager.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  /// Whether the adapter can start: interpreter, script and modules present. Finding the modules
  /// runs the interpreter once (without importing them, so it stays quick).
  public func availability() -> Availability {
    let setup = descriptor.setup.map { "; run \($0)" } ?? ""
    guard let python = pythonPath() else {
      return .unavailable(reason: "python environment \(descriptor.python) missing\(setup)")
    }
    guard FileManager.default.fileExists(atPath: scriptPath) else {
      return .unavailable(reason: "adapter script \(scriptPath) missing")
    }
    let modules = descriptor.modules ?? []
    if !modules.isEmpty {
      let probe = Process()
      probe.executableURL = URL(fileURLWithPath: python)
      probe.arguments = [
        "-c",
        "import importlib.util, sys; print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))",
      ] + modules
      let pipe = Pipe()
      probe.standardOutput = pipe
      probe.standardError = FileHandle.nullDevice
      do {
        try probe.run()
      } catch {
        return .unavailable(reason: "cannot run \(python): \(error.localizedDescription)")
      }
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      probe.waitUntilExit()
      let missing = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      if probe.terminationStatus != 0 { return .unavailable(reason: "\(python) does not run\(setup)") }
      if !missing.isEmpty {
        return .unavailable(reason: "python modules missing in \(descriptor.python): \(missing)\(setup)")
      }
    }
    return .available(python: python)
  }

  // MARK: Target

  public func capability(of graph: Graph) -> Capability {
    let domains = Set(descriptor.domains ?? Self.standardDomains)
    return Capability(
      graph.nodes.map { node in
        domains.contains(node.domain)
          ? .claimed(node)
          : .refused(node, "\(name) takes only nodes of the domains \(domains.sorted().map { $0.isEmpty ? "ai.onnx" : $0 }.joined(separator: ", "))")
      })
  }

  public func compile(_ model: Model, options: CompileOptions) throws -> any Executable {
    let python: String
    switch availability() {
    case .available(let path): python = path
    case .unavailable(let reason): throw PortError(.unsupported, "target '\(name)' is not available: \(reason)")
    }
    for name in model.graph.inputs + model.graph.outputs {
      let type = model.graph.type(of: name)
      if case .tensor(let element, _) = type, element != .string { continue }
      if case .unknown = type { continue }
      throw PortError(
        .unsupported, "target '\(self.name)' exchanges numeric tensors only; '\(name)' is \(type)",
        at: Location(field: "graph input/output '\(name)'"))
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modelport-\(name)-\(UUID().uuidString)")
    let path = folder.appendingPathComponent("model.onnx").path
    try ONNXExporter().write(model, to: path)
    do {
      return try ExternalExecutable(
        target: self, python: python, modelPath: path, outputs: model.graph.outputs, folder: folder, options: options)
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
  }
}
