import AcceleratorTarget
import CPUTarget
import ExternalTarget
import Foundation
import PortIR
import PortTarget
import ReferenceTarget
import SkeletonTarget

/// The concrete targets. Only this executable names them; everything else sees `Target`.
///
/// Accelerators of the manifest-driven family come from their manifests: those bundled with
/// `AcceleratorTarget`, then `$MODELPORT_TARGET_MANIFESTS` (colon-separated files or folders) and
/// `--target-manifest`. External runtimes are found, not named: every
/// `Targets/*/external-target.json` of the repository (`MODELPORT_ROOT`, else the checkout this
/// tool was built from), and those in the folders of `MODELPORT_EXTERNAL_TARGETS` (colon-separated;
/// how tests add a fake runtime).
enum TargetCatalog {
  /// Extra accelerator manifests (files or folders), colon-separated.
  static let manifestVariable = "MODELPORT_TARGET_MANIFESTS"

  static let builtIn: [any Target] = [ReferenceTarget(), CPUTarget(), SkeletonTarget()] + AcceleratorTarget.bundled()

  /// The repository root: the one `port` was built from, unless `MODELPORT_ROOT` says otherwise.
  static let root: String = {
    if let root = ProcessInfo.processInfo.environment["MODELPORT_ROOT"], !root.isEmpty { return root }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()

  static let discovery: ExternalTarget.Discovery = {
    var folders = [root + "/Targets"]
    if let extra = ProcessInfo.processInfo.environment["MODELPORT_EXTERNAL_TARGETS"] {
      folders += extra.split(separator: ":").map(String.init)
    }
    return ExternalTarget.discover(in: folders, root: root)
  }()

  static var external: [ExternalTarget] { discovery.targets }

  /// The `external-target.json` files that could not be read, one line each (`port targets` lists
  /// them; an unknown target name mentions them, since the one meant may be among them).
  static var externalProblems: [String] { discovery.problems.map(\.description) }

  /// The built-in targets, the external runtimes, then the accelerators of
  /// `$MODELPORT_TARGET_MANIFESTS` and of `manifests` (`--target-manifest`); a later target
  /// replaces an earlier one of the same name. Throws when a manifest is bad.
  static func all(manifests: [String] = []) throws -> [any Target] {
    var targets = builtIn + external.filter { e in !builtIn.contains { $0.name == e.name } }
    let fromEnvironment = (ProcessInfo.processInfo.environment[manifestVariable] ?? "")
      .split(separator: ":").map(String.init).filter { !$0.isEmpty }
    for path in fromEnvironment + manifests {
      for accelerator in try AcceleratorTarget.load(path: path) {
        targets.removeAll { $0.name == accelerator.name }
        targets.append(accelerator)
      }
    }
    return targets
  }

  /// The targets, for help texts and lists where a bad manifest must not stop the tool.
  static var all: [any Target] { (try? all(manifests: [])) ?? builtIn }

  static var names: String { all.map(\.name).joined(separator: ", ") }

  /// The error for a target name that is not in `known`, with the descriptors that could not be
  /// read: the target meant may be one of them.
  static func unknownTarget(_ name: String, known: [String]) -> String {
    var text = "unknown target '\(name)'; targets: \(known.joined(separator: ", "))"
    for problem in externalProblems { text += "\n  not a target, its descriptor is bad: \(problem)" }
    return text
  }

  /// The target called `name`; external targets get the per-call `timeout` (seconds).
  static func named(_ name: String, manifests: [String] = [], timeout: Double? = nil) throws -> (any Target)? {
    guard let target = try all(manifests: manifests).first(where: { $0.name == name }) else { return nil }
    if var external = target as? ExternalTarget, let timeout {
      external.timeout = timeout
      return external
    }
    return target
  }

  /// What runs the nodes a partial target leaves to the host: the `cpu` target.
  static let hostFallback: any Target = CPUTarget()

  /// `available`, or why not, for `port targets`.
  static func availability(of target: any Target) -> String? {
    guard let external = target as? ExternalTarget else { return nil }
    switch external.availability() {
    case .available: return "available"
    case .unavailable(let reason): return "unavailable: \(reason)"
    }
  }
}
