import CPUTarget
import ExternalTarget
import Foundation
import PortTarget
import ReferenceTarget
import SkeletonTarget

/// The concrete targets. Only this executable names them; everything else sees `Target`.
///
/// External runtimes are found, not named: every `Targets/*/external-target.json` of the
/// repository (`MODELPORT_ROOT`, else the checkout this tool was built from), and those in the
/// folders of `MODELPORT_EXTERNAL_TARGETS` (colon-separated; how tests add a fake runtime).
enum TargetCatalog {
  static let builtIn: [any Target] = [ReferenceTarget(), CPUTarget(), SkeletonTarget()]

  /// The repository root: the one `port` was built from, unless `MODELPORT_ROOT` says otherwise.
  static let root: String = {
    if let root = ProcessInfo.processInfo.environment["MODELPORT_ROOT"], !root.isEmpty { return root }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()

  static let external: [ExternalTarget] = {
    var folders = [root + "/Targets"]
    if let extra = ProcessInfo.processInfo.environment["MODELPORT_EXTERNAL_TARGETS"] {
      folders += extra.split(separator: ":").map(String.init)
    }
    return ExternalTarget.discover(in: folders, root: root)
  }()

  static var all: [any Target] { builtIn + external.filter { e in !builtIn.contains { $0.name == e.name } } }

  /// The target called `name`; external targets get the per-call `timeout` (seconds).
  static func named(_ name: String, timeout: Double? = nil) -> (any Target)? {
    guard let target = all.first(where: { $0.name == name }) else { return nil }
    if var external = target as? ExternalTarget, let timeout {
      external.timeout = timeout
      return external
    }
    return target
  }

  static var names: String { all.map(\.name).joined(separator: ", ") }

  /// `available`, or why not, for `port targets`.
  static func availability(of target: any Target) -> String? {
    guard let external = target as? ExternalTarget else { return nil }
    switch external.availability() {
    case .available: return "available"
    case .unavailable(let reason): return "unavailable: \(reason)"
    }
  }
}
