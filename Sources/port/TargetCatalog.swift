import AcceleratorTarget
import Foundation
import PortIR
import PortTarget
import ReferenceTarget
import SkeletonTarget

/// The concrete targets. Only this executable names them; everything else sees `Target`.
enum TargetCatalog {
  /// Extra accelerator manifests (files or folders), colon-separated.
  static let manifestVariable = "MODELPORT_TARGET_MANIFESTS"

  static let builtIn: [any Target] = [ReferenceTarget(), SkeletonTarget()] + AcceleratorTarget.bundled()

  /// The built-in targets, then the accelerators of `$MODELPORT_TARGET_MANIFESTS` and of
  /// `manifests` (`--target-manifest`); a later target replaces an earlier one of the same name.
  static func all(manifests: [String] = []) throws -> [any Target] {
    let fromEnvironment = (ProcessInfo.processInfo.environment[manifestVariable] ?? "")
      .split(separator: ":").map(String.init).filter { !$0.isEmpty }
    var targets = builtIn
    for path in fromEnvironment + manifests {
      for accelerator in try AcceleratorTarget.load(path: path) {
        targets.removeAll { $0.name == accelerator.name }
        targets.append(accelerator)
      }
    }
    return targets
  }

  static var all: [any Target] { (try? all(manifests: [])) ?? builtIn }

  static func named(_ name: String, manifests: [String] = []) throws -> (any Target)? {
    try all(manifests: manifests).first { $0.name == name }
  }

  static func named(_ name: String) -> (any Target)? {
    all.first { $0.name == name }
  }

  static var names: String { all.map(\.name).joined(separator: ", ") }

  /// What runs the nodes a partial target leaves to the host: the `cpu` target where there is one,
  /// else the reference interpreter.
  static func fallback(for target: any Target) -> (any Target)? {
    guard target is any PartialTarget else { return nil }
    return named("cpu") ?? ReferenceTarget()
  }
}
